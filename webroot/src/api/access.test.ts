import { describe, expect, it } from 'vitest';
import { candidates, members, sortTokens, tokenBody, tokenState } from './access';
import type { AuthToken, User, WorkspaceRoleBinding } from './types';

const user = (id: string, name: string, extra: Partial<User> = {}): User => ({
  id, email: `${id}@example.com`, name, global_role: 'user', disabled: false, last_login_at: null, created_at: '', updated_at: '', archived_at: null, ...extra,
});
const binding = (id: string, userId: string, role: WorkspaceRoleBinding['role']): WorkspaceRoleBinding => ({ id, workspace_id: 'w', user_id: userId, role, created_at: '', updated_at: '' });
const token = (name: string, created: string, extra: Partial<AuthToken> = {}): AuthToken => ({
  id: name, name, scope: 'workspace', workspace_id: 'w', read_only: false, token_prefix: 'cmd_', expires_at: null, last_used_at: null, revoked_at: null, created_at: created, ...extra,
});

describe('members', () => {
  it('puts admins first, then by name, and keeps bindings of users it does not know', () => {
    const users = [user('u1', 'Zoe'), user('u2', 'Ann'), user('u3', 'Bob')];
    const list = members([binding('b1', 'u1', 'admin'), binding('b2', 'u2', 'viewer'), binding('b3', 'u3', 'manager'), binding('b4', 'gone', 'viewer')], users);
    expect(list.map((m) => m.user?.name ?? m.binding.user_id)).toEqual(['Zoe', 'Bob', 'Ann', 'gone']);
  });
  it('offers only enabled users who are not members yet', () => {
    const users = [user('u1', 'Zoe'), user('u2', 'Ann', { disabled: true }), user('u3', 'Bob'), user('u4', '', { email: 'c@example.com' })];
    expect(candidates([binding('b1', 'u1', 'admin')], users).map((u) => u.id)).toEqual(['u3', 'u4']);
  });
});

describe('tokens', () => {
  const now = new Date(2026, 5, 1, 12, 0, 0);
  it('sends the end of the chosen day as expiry, and refuses a past day', () => {
    const body = tokenBody('w', { name: ' ci ', readOnly: true, expires: '2026-06-30' }, now);
    expect(body).toMatchObject({ name: 'ci', read_only: true, workspace_id: 'w' });
    expect(new Date(body.expires_at as string).getTime()).toBe(new Date(2026, 5, 30, 23, 59, 59).getTime());
    expect(() => tokenBody('w', { name: 'ci', readOnly: false, expires: '2026-05-01' }, now)).toThrow(/past/);
    expect(tokenBody(null, { name: 'g', readOnly: false, expires: '' }, now)).toEqual({ name: 'g', read_only: false });
  });
  it('tells active, revoked and expired apart and lists active ones first, newest first', () => {
    const t = now.getTime();
    const list = [
      token('old', '2026-01-01T00:00:00Z'),
      token('revoked', '2026-05-01T00:00:00Z', { revoked_at: '2026-05-02T00:00:00Z' }),
      token('expired', '2026-04-01T00:00:00Z', { expires_at: '2026-05-01T00:00:00Z' }),
      token('new', '2026-05-20T00:00:00Z', { expires_at: '2027-01-01T00:00:00Z' }),
    ];
    expect(list.map((x) => tokenState(x, t))).toEqual(['active', 'revoked', 'expired', 'active']);
    expect(sortTokens(list, t).map((x) => x.name)).toEqual(['new', 'old', 'revoked', 'expired']);
  });
});
