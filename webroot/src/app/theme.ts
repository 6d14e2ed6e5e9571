// Dark mode: PatternFly 6's pf-v6-theme-dark class on <html>. The browser's preference decides until
// someone picks a theme with the masthead's switch; that choice is kept in localStorage.

export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'commander.theme';
const DARK_CLASS = 'pf-v6-theme-dark';

export function storedChoice(storage: Pick<Storage, 'getItem'> = window.localStorage): ThemeChoice {
  const value = safe(() => storage.getItem(KEY));
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function storeChoice(choice: ThemeChoice, storage: Pick<Storage, 'setItem' | 'removeItem'> = window.localStorage): void {
  safe(() => (choice === 'system' ? storage.removeItem(KEY) : storage.setItem(KEY, choice)));
}

export function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Whether a choice means dark, given what the system prefers. */
export function isDark(choice: ThemeChoice, systemDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemDark);
}

export function applyTheme(dark: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle(DARK_CLASS, dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}

/** Follows the system's preference while the choice is 'system'; returns the unsubscribe function. */
export function watchSystemTheme(onChange: (dark: boolean) => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const listener = (event: MediaQueryListEvent) => onChange(event.matches);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
