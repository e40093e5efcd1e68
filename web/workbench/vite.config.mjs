// Vite build of the officers' workbench (React + Ant Design) into dist/public/app/, served by the API at /app.
// Run by scripts/build-web.ts (scripts/setup, npm run build); alone: node node_modules/vite/bin/vite.js build --config web/workbench/vite.config.mjs
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/app/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/public/app', import.meta.url)),
    emptyOutDir: true,
    // The dashboard's browsers (scripts/build-web.ts BROWSER_TARGETS): the Chromium cores of 360, QQ and Sogou, Edge,
    // Firefox ESR 78, Safari 15.
    target: ['chrome87', 'edge88', 'firefox78', 'safari15'],
    // One script: React, Ant Design and the pages (≈ 1.3 MB, ≈ 420 kB gzip); the API serves it with a long cache.
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Ant Design marks its modules "use client" (React Server Components); meaningless in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
