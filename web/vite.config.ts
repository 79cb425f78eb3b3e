// The page is built by `npm run build` (so by `npm ci`'s prepare step) into dist/web,
// which `quarry serve` serves at `/`. `npm run web:dev` serves it with hot reload and
// sends /ui/api and /api to a `quarry serve` on port 8787.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/ui/api': 'http://127.0.0.1:8787', '/api': 'http://127.0.0.1:8787' },
  },
});
