/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/: files under assets/ are content-hashed and cached for a year, index.html is
// revalidated on every load. `npm run dev` proxies the API to a Commander on :8080.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Fonts and icons go out as files, never as data: URLs or from a CDN.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/documentation': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Rendering PatternFly in jsdom on a busy 2-core machine can take seconds.
    testTimeout: 30000,
    setupFiles: ['src/test-setup.ts'],
  },
});
