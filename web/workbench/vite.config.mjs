// Vite build of the officers' workbench (React + Ant Design) into dist/public/app/, served by the API at /app.
// Run by scripts/build-web.ts (scripts/setup, npm run build); alone: node node_modules/vite/bin/vite.js build --config web/workbench/vite.config.mjs
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/app/',
  // The path aliases of tsconfig.json and web/tsconfig.base.json, for the shared code the pages import.
  resolve: {
    alias: [{ find: /^@(libs|apps|clients)\//, replacement: `${fileURLToPath(new URL('../..', import.meta.url))}$1/` }],
  },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/public/app', import.meta.url)),
    emptyOutDir: true,
    // The dashboard's browsers (scripts/build-web.ts BROWSER_TARGETS): the Chromium cores of 360, QQ and Sogou, Edge,
    // Firefox ESR 78, Safari 15.
    target: ['chrome87', 'edge88', 'firefox78', 'safari15'],
    // Split (README, "The officers' workbench"): each page is a chunk of its own, loaded when its route opens (App.tsx,
    // React.lazy); React is a vendor chunk that changes only with the pinned packages; what several pages share (Ant
    // Design's common parts, the client) goes into shared chunks. Every chunk is a file under /app/assets/ (content
    // hashed, cached for a year) loaded as a module script or a modulepreload link: no inline script, so the served
    // policy (script-src 'self') holds.
    chunkSizeWarningLimit: 700,
    reportCompressedSize: false,
    // .vite/manifest.json: which chunks each page needs (scripts/build-web.ts prints what each route loads); not served.
    manifest: true,
    rolldownOptions: {
      output: {
        // a chunk that no route names is a shared one (what rolldown would name after its first module)
        chunkFileNames: (chunk) =>
          chunk.isDynamicEntry || chunk.name === 'vendor-react' ? 'assets/[name]-[hash].js' : 'assets/shared-[hash].js',
        codeSplitting: {
          groups: [{ name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 10 }],
        },
      },
      onwarn(warning, warn) {
        // Ant Design marks its modules "use client" (React Server Components); meaningless in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
