import { describe, expect, it } from 'vitest';
import { accessOf } from './access';

const W = 'w1';

describe('accessOf', () => {
  it('gives a global administrator everything, everywhere', () => {
    expect(accessOf({ type: 'user', name: 'a', global_role: 'admin', workspace_roles: [] }, W)).toEqual({ role: 'admin', canWrite: true, canAdmin: true });
  });
  it('follows the role binding of a user', () => {
    const me = (role: 'admin' | 'manager' | 'viewer') => ({ type: 'user' as const, name: 'u', global_role: 'user' as const, workspace_roles: [{ workspace_id: W, role }] });
    expect(accessOf(me('viewer'), W)).toEqual({ role: 'viewer', canWrite: false, canAdmin: false });
    expect(accessOf(me('manager'), W)).toEqual({ role: 'manager', canWrite: true, canAdmin: false });
    expect(accessOf(me('admin'), W)).toEqual({ role: 'admin', canWrite: true, canAdmin: true });
    expect(accessOf(me('admin'), 'other')).toEqual({ role: null, canWrite: false, canAdmin: false });
  });
  it('reads a token by its scope and read-only flag', () => {
    expect(accessOf({ type: 'token', name: 't', token_scope: 'workspace', workspace_id: W, read_only: true }, W).canWrite).toBe(false);
    expect(accessOf({ type: 'token', name: 't', token_scope: 'workspace', workspace_id: W, read_only: false }, W).canAdmin).toBe(true);
    expect(accessOf({ type: 'token', name: 't', token_scope: 'global', workspace_id: null }, W).role).toBeNull();
  });
  it('gives nobody signed in nothing', () => {
    expect(accessOf(null, W).canWrite).toBe(false);
  });
});
