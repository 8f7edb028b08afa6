import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../electron/security';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The production build's page carries the same policy as the app scheme's header, as a meta tag
 * (a second line of defence if the page is ever opened some other way). Only at build time: the
 * dev server needs the looser development policy (React Refresh, HMR), which the main process
 * sends as a header. `frame-ancestors` is ignored in a meta tag (and Chromium logs an error about
 * it), so the header alone carries it.
 */
function productionContentSecurityPolicy(): Plugin {
  const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'pishkhan-production-csp',
    apply: 'build',
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), tailwindcss(), productionContentSecurityPolicy()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    // Inline assets would become data: URLs that the CSP does not allow for scripts; fonts stay files.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true },
});
