import { defineConfig } from 'vite';

// The bundle serves dist/ at "/", hashed files under /assets/ are cached forever by the server.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // each page is a chunk loaded when first opened (main.tsx, lazy.tsx); a tab left open across an upgrade that asks
  // for a chunk the new build no longer has says so and offers to reload
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 256 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
