import { request, requestAll } from './client';
import type { User, Workspace } from './types';

export interface UserDraft {
  email: string;
  name: string;
  admin: boolean;
  /** Empty: the server generates one and answers it once. */
  password: string;
}

export function userBody(d: UserDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { email: d.email.trim(), global_role: d.admin ? 'admin' : 'user' };
  if (d.name.trim()) body.name = d.name.trim();
  if (d.password) body.password = d.password;
  return body;
}

export function createUser(d: UserDraft): Promise<User & { password?: string }> {
  return request('/users', { method: 'POST', body: userBody(d) });
}

export function updateUser(id: string, changes: { name?: string; global_role?: 'admin' | 'user'; disabled?: boolean; password?: string }): Promise<User> {
  return request(`/users/${id}`, { method: 'PUT', body: changes });
}

export function archiveUser(id: string): Promise<void> {
  return request(`/users/${id}`, { method: 'DELETE' });
}

export function fetchAllWorkspaces(signal?: AbortSignal): Promise<Workspace[]> {
  return requestAll<Workspace>('/workspaces', { query: { limit: 1000, without_archived: true }, signal });
}

export function renameWorkspace(w: Workspace & { current_revision?: number }, name: string): Promise<Workspace> {
  return request(`/workspaces/${w.id}`, { method: 'PUT', body: { name: name.trim(), ...(w.current_revision ? { current_revision: w.current_revision } : {}) } });
}

export function deleteWorkspace(id: string): Promise<void> {
  return request(`/workspaces/${id}`, { method: 'DELETE' });
}

/** The people of a filter box: a name or email containing the text, case-insensitively. */
export function matchUser(u: Pick<User, 'name' | 'email'>, text: string): boolean {
  const t = text.trim().toLowerCase();
  return !t || u.email.toLowerCase().includes(t) || (u.name ?? '').toLowerCase().includes(t);
}
