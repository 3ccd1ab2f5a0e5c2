import { defineConfig } from 'vite';

// The bundle serves dist/ at "/", hashed files under /assets/ are cached forever by the server.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // one chunk on purpose: a tab left open across an upgrade never asks for a chunk file that is gone
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 256 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
