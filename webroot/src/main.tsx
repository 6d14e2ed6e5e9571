import React from 'react';
import { createRoot } from 'react-dom/client';
import '@patternfly/react-core/dist/styles/base.css';
import '@patternfly/patternfly/patternfly-addons.css';
import './app/console.css';
import { applyTheme, isDark, storedChoice, systemPrefersDark } from './app/theme';
import { App } from './app/App';

// Before the first paint, so a dark-mode user never sees a white flash.
applyTheme(isDark(storedChoice(), systemPrefersDark()));

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
