// Builds the web UI into web/dist, which the server serves at `/`. No React plugin: Oxc's automatic JSX
// runtime is all the app needs (no Fast Refresh; a full reload in dev is fine for a tool this size).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.FAULTLINE_DEV_SERVER ?? 'http://localhost:9000';

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // React libraries mark modules "use client" for server-component bundlers; meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/_health': { target: server },
    },
  },
});
