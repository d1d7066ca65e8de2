// Builds the browser app into web/dist (`vite build web`), which `park-kg serve` serves at /.
// Everything is bundled (no CDN, no inline script) because the server's CSP allows 'self' only.
import { defineConfig } from 'vite';

// `npx vite web` proxies the API to a `park-kg serve` running on the default port.
const API = 'http://127.0.0.1:3400';

export default defineConfig({
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // cytoscape (graph) and docx (export) are loaded on demand; both are large by nature.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': API, '/readyz': API, '/healthz': API },
  },
});
