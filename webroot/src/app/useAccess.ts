import { useWorkspace } from './App';
import { useSession } from './session';
import { accessOf, type Access } from './access';

/** The caller's access to the route's workspace. */
export function useAccess(): Access {
  const { me } = useSession();
  return accessOf(me, useWorkspace().id);
}
