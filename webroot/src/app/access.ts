import type { Me } from '../api/types';

export type WorkspaceRoleName = 'admin' | 'manager' | 'viewer';

/** What the caller may do in one workspace, as the server decides it (Authorizer, WorkspaceRole). */
export interface Access {
  role: WorkspaceRoleName | null;
  /** Changes objects: managers and admins; full tokens. */
  canWrite: boolean;
  /** Manages access (members, tokens) and reads the audit log: admins. */
  canAdmin: boolean;
}

const NONE: Access = { role: null, canWrite: false, canAdmin: false };

/**
 * The caller's access to a workspace: a global administrator may do everything; a user what their
 * role binding allows; a token what its scope and read-only flag allow. The console only hides and
 * disables controls with it: the server still decides every request.
 */
export function accessOf(me: Me | null | undefined, workspaceId: string): Access {
  if (!me) return NONE;
  if (me.type === 'token') {
    const own = me.token_scope === 'workspace' && me.workspace_id === workspaceId;
    if (!own) return NONE;
    return me.read_only ? { role: 'viewer', canWrite: false, canAdmin: false } : { role: 'admin', canWrite: true, canAdmin: true };
  }
  if (me.global_role === 'admin') return { role: 'admin', canWrite: true, canAdmin: true };
  const role = me.workspace_roles?.find((r) => r.workspace_id === workspaceId)?.role ?? null;
  if (!role) return NONE;
  return { role, canWrite: role !== 'viewer', canAdmin: role === 'admin' };
}

/** Why a control is disabled, for its tooltip. */
export function deniedReason(access: Access, need: 'write' | 'admin'): string {
  const role = access.role ?? 'no role';
  return need === 'admin'
    ? `Only admins of this workspace can do this (your role: ${role}).`
    : `Viewers cannot change anything (your role: ${role}).`;
}
