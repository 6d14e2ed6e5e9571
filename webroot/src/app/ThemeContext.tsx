import React, { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { applyTheme, isDark, storeChoice, storedChoice, systemPrefersDark, watchSystemTheme, type ThemeChoice } from './theme';

interface Theme {
  choice: ThemeChoice;
  dark: boolean;
  setChoice(choice: ThemeChoice): void;
}

const ThemeContext = createContext<Theme | null>(null);

export function ThemeProvider({ children }: { children: React.ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => storedChoice());
  const [systemDark, setSystemDark] = useState<boolean>(() => systemPrefersDark());
  const dark = isDark(choice, systemDark);

  useEffect(() => watchSystemTheme(setSystemDark), []);
  useEffect(() => applyTheme(dark), [dark]);

  const setChoice = useCallback((next: ThemeChoice) => {
    storeChoice(next);
    setChoiceState(next);
  }, []);

  const value = useMemo(() => ({ choice, dark, setChoice }), [choice, dark, setChoice]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  if (!theme) throw new Error('useTheme outside ThemeProvider');
  return theme;
}
