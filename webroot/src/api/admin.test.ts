import { describe, expect, it } from 'vitest';
import { matchUser, userBody } from './admin';

describe('admin', () => {
  it('sends a password only when one is typed, so that the server generates one otherwise', () => {
    expect(userBody({ email: ' ann@example.com ', name: ' ', admin: false, password: '' })).toEqual({ email: 'ann@example.com', global_role: 'user' });
    expect(userBody({ email: 'a@b.c', name: 'Ann', admin: true, password: 'long-enough-pass' })).toEqual({ email: 'a@b.c', name: 'Ann', global_role: 'admin', password: 'long-enough-pass' });
  });
  it('finds users by a part of their name or email', () => {
    const ann = { name: 'Ann Lee', email: 'ann@example.com' };
    expect(matchUser(ann, 'lee')).toBe(true);
    expect(matchUser(ann, 'EXAMPLE')).toBe(true);
    expect(matchUser(ann, 'bob')).toBe(false);
    expect(matchUser(ann, '  ')).toBe(true);
  });
});
