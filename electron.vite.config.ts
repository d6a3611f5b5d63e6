import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { entryPointSources } from './main/entryPoints.ts';

// One build for the three parts. The main bundle has one entry per process or thread the
// app starts (main/entryPoints.ts names them), so a packaged app runs the same files that
// development runs from source.
const mainEntries = Object.fromEntries(
  Object.entries(entryPointSources).map(([name, src]) => [name, resolve(src)]),
);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('main/electron/index.ts'), ...mainEntries },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('main/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [svelte()],
  },
});
