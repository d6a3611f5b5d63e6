#!/usr/bin/env node
// Entry point of `actionline`. The CLI is TypeScript that Node 24 runs directly (type
// stripping), the same Node that Electron 45 embeds; older Nodes get one clear line.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `actionline needs Node 24 or newer (this is ${process.version}); run it through npm ` +
      '(`npm run cli -- <command>` or `npx actionline`), which uses the Node 24 from devDependencies.',
  );
  process.exit(2);
}
// Node keeps each module's compiled code (its types already stripped) between runs: start-up
// of this process and of the analysis worker it forks (which inherits the variable) falls
// from about 0.3 s to 0.1 s. Stale entries are recompiled: the cache checks each source.
const { enableCompileCache } = await import('node:module');
const cache = enableCompileCache?.();
if (cache?.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
