import { defineConfig } from 'vite';

// The bundle serves dist/ at "/", hashed files under /assets/ are cached forever by the server.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 200 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
