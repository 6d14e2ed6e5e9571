import { describe, expect, it } from 'vitest';
import { applyTheme, isDark, storeChoice, storedChoice } from './theme';

describe('theme', () => {
  it('follows the system unless someone chose', () => {
    expect(isDark('system', true)).toBe(true);
    expect(isDark('system', false)).toBe(false);
    expect(isDark('light', true)).toBe(false);
    expect(isDark('dark', false)).toBe(true);
  });

  it('keeps a choice, and forgets it for "system"', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    expect(storedChoice(storage)).toBe('system');
    storeChoice('dark', storage);
    expect(storedChoice(storage)).toBe('dark');
    storeChoice('system', storage);
    expect(store.size).toBe(0);
    store.set('commander.theme', 'purple');
    expect(storedChoice(storage)).toBe('system');
  });

  it('sets PatternFly\'s dark class on <html>', () => {
    applyTheme(true);
    expect(document.documentElement.classList.contains('pf-v6-theme-dark')).toBe(true);
    applyTheme(false);
    expect(document.documentElement.classList.contains('pf-v6-theme-dark')).toBe(false);
  });
});
