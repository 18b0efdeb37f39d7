import { defineConfig } from 'vitest/config';

// The server serves web/dist at /nacos/ (see docs/console.md), so every asset URL is
// relative to that base. Preact's JSX runtime is wired through esbuild: no framework
// plugin is needed.
export default defineConfig({
  base: '/nacos/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/@codemirror') || id.includes('node_modules/@lezer')) return 'codemirror';
          if (id.includes('node_modules')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a local lever-server.
    proxy: {
      '/nacos/v1': process.env.LEVER_URL ?? 'http://127.0.0.1:8848',
      '/nacos/v2': process.env.LEVER_URL ?? 'http://127.0.0.1:8848',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
