import React, { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, CSRF_COOKIE, readCookie, request, requestAll, setUnauthorizedHandler } from '../api/client';
import type { Me, Workspace } from '../api/types';

// Who is signed in (the session cookie that POST /auth/login sets) and the workspaces they see.

interface Session {
  /** undefined while the first GET /auth/me runs, null when nobody is signed in. */
  me: Me | null | undefined;
  workspaces: Workspace[] | undefined;
  workspacesError: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  reloadWorkspaces(): Promise<Workspace[]>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [workspaces, setWorkspaces] = useState<Workspace[] | undefined>(undefined);
  const [workspacesError, setWorkspacesError] = useState<string | null>(null);

  const reloadWorkspaces = useCallback(async () => {
    try {
      const list = await requestAll<Workspace>('/workspaces', { query: { limit: 1000, without_archived: true } });
      list.sort((a, b) => a.name.localeCompare(b.name));
      setWorkspaces(list);
      setWorkspacesError(null);
      return list;
    } catch (e) {
      setWorkspacesError(e instanceof Error ? e.message : String(e));
      setWorkspaces((old) => old ?? []);
      throw e;
    }
  }, []);

  useEffect(() => {
    let live = true;
    // The session's CSRF cookie is readable and lives exactly as long as the session: without it
    // nobody is signed in, and asking the server would only log a 401 in the browser's console.
    if (!readCookie(CSRF_COOKIE)) {
      setMe(null);
      return undefined;
    }
    request<Me>('/auth/me', { quiet401: true })
      .then((who) => live && setMe(who))
      .catch((e) => {
        if (!live) return;
        // Anything but 401 (server down) also lands on the sign-in page, which says what happened.
        setMe(null);
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /auth/me:', e);
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (me) reloadWorkspaces().catch(() => undefined);
    else if (me === null) setWorkspaces(undefined);
  }, [me, reloadWorkspaces]);

  useEffect(() => {
    // A session that expires while the console is open sends people back to sign in.
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const who = await request<Me>('/auth/login', { method: 'POST', body: { email, password }, quiet401: true });
    setMe(who);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request<void>('/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo(
    () => ({ me, workspaces, workspacesError, signIn, signOut, reloadWorkspaces }),
    [me, workspaces, workspacesError, signIn, signOut, reloadWorkspaces],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
