import { describe, expect, it } from 'vitest';
import { afterAction, deleteConfirmed, NONE, pageState, refreshed, selectPage, sharedTemplate, toggle } from './selection';

const row = (id: string, template: string | null = 't1', name = id) => ({ id, name, cluster_template_id: template });

describe('the clusters selection', () => {
  it('toggles rows and tells the header checkbox all, some or none', () => {
    const page = [row('a'), row('b')];
    let s = toggle(NONE, page[0], true);
    expect(pageState(s, page)).toBe('some');
    s = toggle(s, page[1], true);
    expect(pageState(s, page)).toBe('all');
    s = toggle(s, page[0], false);
    expect([...s.keys()]).toEqual(['b']);
    expect(pageState(NONE, page)).toBe('none');
  });

  it('selects and clears a whole page, keeping rows of other pages', () => {
    const other = toggle(NONE, row('z'), true);
    const s = selectPage(other, [row('a'), row('b')]);
    expect([...s.keys()].sort()).toEqual(['a', 'b', 'z']);
    expect([...selectPage(s, [row('a'), row('b')], false).keys()]).toEqual(['z']);
  });

  it('survives a refresh of the list, updating only what changed', () => {
    const s = selectPage(NONE, [row('a'), row('b')]);
    expect(refreshed(s, [row('a'), row('b'), row('c')])).toBe(s);
    const renamed = refreshed(s, [row('a', 't2', 'a2')]);
    expect(renamed.get('a')).toEqual({ id: 'a', name: 'a2', templateId: 't2' });
    expect(renamed.has('b')).toBe(true);
    expect(refreshed(s, []).size).toBe(2);
  });

  it('names the template only when every selected cluster shares it', () => {
    expect(sharedTemplate(selectPage(NONE, [row('a'), row('b')]))).toBe('t1');
    expect(sharedTemplate(selectPage(NONE, [row('a'), row('b', 't2')]))).toBeNull();
    expect(sharedTemplate(selectPage(NONE, [row('a', null)]))).toBeNull();
    expect(sharedTemplate(NONE)).toBeNull();
  });

  it('keeps the failed clusters selected after an action', () => {
    const s = selectPage(NONE, [row('a'), row('b'), row('c')]);
    expect([...afterAction(s, ['b']).keys()]).toEqual(['b']);
  });

  it('confirms a delete by its count or the word delete', () => {
    expect(deleteConfirmed('3', 3)).toBe(true);
    expect(deleteConfirmed(' Delete ', 3)).toBe(true);
    expect(deleteConfirmed('2', 3)).toBe(false);
    expect(deleteConfirmed('', 3)).toBe(false);
  });
});
