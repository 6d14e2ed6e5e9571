import { request, requestAll } from './client';
import type { AuthToken, User, WorkspaceRoleBinding } from './types';

export type RoleName = WorkspaceRoleBinding['role'];

export const ROLES: { value: RoleName; label: string; description: string }[] = [
  { value: 'viewer', label: 'Viewer', description: 'reads everything in the workspace' },
  { value: 'manager', label: 'Manager', description: 'also creates and changes clusters, templates, inventory and registries' },
  { value: 'admin', label: 'Admin', description: 'also manages members and tokens and reads the audit log' },
];

export function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return requestAll<User>('/users', { query: { limit: 1000, without_archived: true }, signal });
}

export function fetchBindings(workspaceId: string, signal?: AbortSignal): Promise<WorkspaceRoleBinding[]> {
  return requestAll<WorkspaceRoleBinding>('/workspace_role_bindings', { query: { workspace_id: workspaceId, limit: 1000 }, signal });
}

export interface Member {
  binding: WorkspaceRoleBinding;
  user: User | undefined;
}

/** The workspace's members with their users, admins first, then by name. */
export function members(bindings: WorkspaceRoleBinding[], users: User[]): Member[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const rank: Record<RoleName, number> = { admin: 0, manager: 1, viewer: 2 };
  return bindings
    .map((binding) => ({ binding, user: byId.get(binding.user_id) }))
    .sort((a, b) => rank[a.binding.role] - rank[b.binding.role] || displayName(a.user, a.binding.user_id).localeCompare(displayName(b.user, b.binding.user_id)));
}

/** Users who are not members yet (the candidates of "Add member"), enabled ones only. */
export function candidates(bindings: WorkspaceRoleBinding[], users: User[]): User[] {
  const bound = new Set(bindings.map((b) => b.user_id));
  return users.filter((u) => !bound.has(u.id) && !u.disabled && !u.archived_at).sort((a, b) => displayName(a).localeCompare(displayName(b)));
}

export function displayName(user: User | undefined, fallback = 'unknown user'): string {
  if (!user) return fallback;
  return user.name?.trim() || user.email;
}

export function addMember(workspaceId: string, userId: string, role: RoleName): Promise<WorkspaceRoleBinding> {
  return request('/workspace_role_bindings', { method: 'POST', body: { workspace_id: workspaceId, user_id: userId, role } });
}

export function changeRole(bindingId: string, role: RoleName): Promise<WorkspaceRoleBinding> {
  return request(`/workspace_role_bindings/${bindingId}`, { method: 'PUT', body: { role } });
}

export function removeMember(bindingId: string): Promise<void> {
  return request(`/workspace_role_bindings/${bindingId}`, { method: 'DELETE' });
}

/** A workspace's tokens, or the global ones (workspaceId null). */
export function fetchTokens(workspaceId: string | null, signal?: AbortSignal): Promise<AuthToken[]> {
  return requestAll<AuthToken>('/auth_tokens', { query: { workspace_id: workspaceId ?? undefined, limit: 1000 }, signal });
}

export interface TokenRequest {
  name: string;
  readOnly: boolean;
  /** A date (yyyy-mm-dd) in the browser's time zone, the end of which the token expires; '' for never. */
  expires: string;
}

/** The body of POST /auth_tokens: the expiry is the end of the chosen day, local time. */
export function tokenBody(workspaceId: string | null, t: TokenRequest, now: Date = new Date()): Record<string, unknown> {
  const body: Record<string, unknown> = { name: t.name.trim(), read_only: t.readOnly };
  if (workspaceId) body.workspace_id = workspaceId;
  if (t.expires) {
    const [y, m, d] = t.expires.split('-').map(Number);
    const end = new Date(y, m - 1, d, 23, 59, 59);
    if (Number.isNaN(end.getTime())) throw new Error('The expiry date is not a date');
    if (end.getTime() <= now.getTime()) throw new Error('The expiry date is in the past');
    body.expires_at = end.toISOString();
  }
  return body;
}

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(t: Pick<AuthToken, 'revoked_at' | 'expires_at'>, now: number = Date.now()): TokenState {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

/** Active tokens first (newest first), then the others. */
export function sortTokens(tokens: AuthToken[], now: number = Date.now()): AuthToken[] {
  return [...tokens].sort((a, b) => {
    const sa = tokenState(a, now) === 'active' ? 0 : 1;
    const sb = tokenState(b, now) === 'active' ? 0 : 1;
    return sa - sb || b.created_at.localeCompare(a.created_at);
  });
}

export function createToken(workspaceId: string | null, t: TokenRequest): Promise<AuthToken & { token: string }> {
  return request('/auth_tokens', { method: 'POST', body: tokenBody(workspaceId, t) });
}

export function revokeToken(id: string): Promise<void> {
  return request(`/auth_tokens/${id}`, { method: 'DELETE' });
}
