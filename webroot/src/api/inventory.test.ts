import { describe, expect, it } from 'vitest';
import { basicAuth, cellText, parseParamsText, recordColumns, registryBody, registryDraft } from './inventory';
import type { Registry } from './types';

const registry: Registry = {
  id: 'r1', workspace_id: 'w', name: 'Deckhouse', images_repo: 'registry.example.com/dkp', scheme: 'https', dev_branch: null,
  ca_certificate: null, has_auth: true, current_revision: 4, created_at: '', updated_at: '', archived_at: null,
};

describe('catalog schema text', () => {
  it('accepts an array of objects and says what is wrong otherwise', () => {
    expect(parseParamsText('[{"key":"cidr"}]')).toEqual({ params: [{ key: 'cidr' }] });
    expect(parseParamsText('{"key":"cidr"}')).toEqual({ error: expect.stringMatching(/array/) });
    expect(parseParamsText('[1]')).toEqual({ error: 'Item 1 of the schema is not an object' });
    expect(parseParamsText('[')).toEqual({ error: expect.stringMatching(/not JSON/) });
  });
});

describe('record cells', () => {
  it('shows the first fields, masks passwords, joins lists', () => {
    const params = [{ header: 'Net' }, { key: 'cidr', type: 'string' }, { key: 'secret', type: 'string', format: 'password' }, { key: 'dns', type: 'string', minItems: 1 }];
    const cols = recordColumns(params, 5);
    expect(cols.map((c) => c.key)).toEqual(['cidr', 'secret', 'dns']);
    expect(cellText(cols[1], 'p4ss')).toBe('••••');
    expect(cellText(cols[2], ['1.1.1.1', '8.8.8.8'])).toBe('1.1.1.1, 8.8.8.8');
    expect(cellText(cols[0], '')).toBe('—');
    expect(recordColumns(params, 1).map((c) => c.key)).toEqual(['cidr']);
  });
});

describe('registry body', () => {
  it('keeps stored credentials unless told otherwise, and sends the revision it edits', () => {
    const keep = registryBody(registryDraft(registry), registry);
    expect(keep).not.toHaveProperty('auth');
    expect(keep).toMatchObject({ name: 'Deckhouse', dev_branch: null, ca_certificate: null, current_revision: 4 });
    expect(registryBody({ ...registryDraft(registry), auth: 'none' }, registry).auth).toBeNull();
    expect(registryBody({ ...registryDraft(registry), auth: 'set', username: 'bot', password: 'pä55' }, registry).auth).toBe(basicAuth('bot', 'pä55'));
    expect(atob(basicAuth('bot', 'pass'))).toBe('bot:pass');
    expect(registryBody(registryDraft())).not.toHaveProperty('auth');
  });
});
