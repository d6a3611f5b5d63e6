import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { entryPointSources } from './main/base/entryPoints.ts';

// One build for the three parts. The main bundle has one entry per process or thread the
// app starts (main/base/entryPoints.ts names them), so a packaged app runs the same files that
// development runs from source.
const mainEntries = Object.fromEntries(
  Object.entries(entryPointSources).map(([name, src]) => [name, resolve(src)]),
);

// Off: Rolldown's PLUGIN_TIMINGS check, a profile of the slowest plugins printed whenever
// JavaScript plugins take most of a build (the Svelte compiler does, on a busy machine):
// eight lines that `npm start`, which builds on a first start, showed a newcomer. Profile the
// build with `node --cpu-prof` instead.
const checks = { bundlerTimings: false };

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('main/electron/index.ts'), ...mainEntries },
        checks,
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
        checks,
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      // test-hooks.html: the app with the benches' hooks (renderer/src/testHooks/), a page of
      // its own so the app's entry never loads them; the web shell serves it to tests only.
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          testHooks: resolve('renderer/test-hooks.html'),
        },
        checks,
      },
    },
    plugins: [svelte()],
  },
});
