// The layers of docs/architecture.md as data, and the ESLint rule that enforces them.
// Every repository file belongs to the module whose folder is the longest prefix of its path;
// a module may import itself and the modules it lists, nothing else. The table in
// docs/architecture.md is checked against this one (test/unit/build/layers.test.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Top to bottom. `folder` ends with '/'; `mayImport` names other modules. */
export const MODULES = [
  // faces
  {
    name: 'cli',
    folder: 'main/cli/',
    mayImport: [
      'server',
      'mlbackend',
      'app',
      'queue',
      'diagnostics',
      'runs',
      'eval',
      'formats',
      'activitynet',
      'project',
      'host',
      'pipeline',
      'flow',
      'inference',
      'video',
      'rpc',
      'analysis',
      'learn',
      'base',
      'models',
      'shared',
    ],
  },
  { name: 'electron', folder: 'main/electron/', mayImport: ['app', 'base', 'shared'] },
  { name: 'preload', folder: 'main/preload/', mayImport: ['shared'] },
  { name: 'server', folder: 'main/server/', mayImport: ['app', 'base', 'shared'] },
  // Label Studio's ML backend protocol over a project's stored runs (actionline ml-backend)
  {
    name: 'mlbackend',
    folder: 'main/mlbackend/',
    mayImport: ['runs', 'formats', 'project', 'base', 'shared'],
  },
  // the application both shells run
  {
    name: 'app',
    folder: 'main/app/',
    mayImport: [
      'queue',
      'diagnostics',
      'runs',
      'eval',
      'formats',
      'activitynet',
      'project',
      'host',
      'pipeline',
      'flow',
      'inference',
      'video',
      'rpc',
      'analysis',
      'learn',
      'base',
      'models',
      'shared',
    ],
  },
  // engine modules
  {
    name: 'queue',
    folder: 'main/queue/',
    mayImport: [
      'runs',
      'formats',
      'activitynet',
      'project',
      'host',
      'pipeline',
      'inference',
      'analysis',
      'base',
      'shared',
    ],
  },
  {
    name: 'diagnostics',
    folder: 'main/diagnostics/',
    mayImport: ['inference', 'video', 'rpc', 'base', 'models', 'shared'],
  },
  {
    name: 'runs',
    folder: 'main/runs/',
    mayImport: [
      'eval',
      'activitynet',
      'project',
      'host',
      'pipeline',
      'inference',
      'video',
      'analysis',
      'learn',
      'base',
      'models',
      'shared',
    ],
  },
  {
    name: 'eval',
    folder: 'main/eval/',
    mayImport: ['formats', 'activitynet', 'project', 'analysis', 'base', 'shared'],
  },
  {
    name: 'formats',
    folder: 'main/formats/',
    mayImport: ['activitynet', 'project', 'analysis', 'base', 'shared'],
  },
  {
    name: 'project',
    folder: 'main/project/',
    mayImport: ['activitynet', 'analysis', 'learn', 'base', 'shared'],
  },
  { name: 'activitynet', folder: 'main/activitynet/', mayImport: ['base', 'shared'] },
  {
    name: 'host',
    folder: 'main/host/',
    mayImport: ['pipeline', 'inference', 'rpc', 'base', 'shared'],
  },
  {
    name: 'pipeline',
    folder: 'main/pipeline/',
    mayImport: ['flow', 'inference', 'video', 'rpc', 'analysis', 'base', 'models', 'shared'],
  },
  {
    name: 'flow',
    folder: 'main/flow/',
    mayImport: ['inference', 'video', 'rpc', 'base', 'models', 'shared'],
  },
  {
    name: 'inference',
    folder: 'main/inference/',
    mayImport: ['video', 'base', 'models', 'shared'],
  },
  { name: 'video', folder: 'main/video/', mayImport: ['base', 'shared'] },
  // the typed RPC's Node transports (worker threads, child processes) over shared/rpc
  { name: 'rpc', folder: 'main/rpc/', mayImport: ['base', 'shared'] },
  // pure maths
  { name: 'analysis', folder: 'main/analysis/', mayImport: ['base', 'shared'] },
  // a project's own classes: training maths (pure, deterministic for a seed) and its worker
  { name: 'learn', folder: 'main/learn/', mayImport: ['base', 'shared'] },
  // errors, paths, settings, entry points
  { name: 'base', folder: 'main/base/', mayImport: ['shared'] },
  // beside the engine: graph builders, the converter, manifests, label files
  { name: 'models', folder: 'models/', mayImport: ['shared'] },
  { name: 'shared', folder: 'shared/', mayImport: [] },
  { name: 'renderer', folder: 'renderer/', mayImport: ['shared'] },
];

/** Modules that may import the `electron` package. */
export const ELECTRON_MODULES = ['electron', 'preload'];
/** Modules that run in a browser too, or in both processes: no Node built-ins. */
export const NO_NODE_MODULES = ['shared', 'renderer'];

/** The module a repository-relative path belongs to, or null outside every module. */
export function moduleOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  let best = null;
  for (const m of MODULES) {
    if (p.startsWith(m.folder) && (!best || m.folder.length > best.folder.length)) best = m;
  }
  return best;
}

/** Why `importer` may not import `specifier`, or null when it may. Paths are repo-relative. */
export function importViolation(importerRel, specifier) {
  const from = moduleOf(importerRel);
  if (!from) return null; // tests, configs and scripts may import anything
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    return ELECTRON_MODULES.includes(from.name)
      ? null
      : `${from.name} may not import electron (only ${ELECTRON_MODULES.join(' and ')} do)`;
  }
  if (specifier.startsWith('node:') && NO_NODE_MODULES.includes(from.name)) {
    return `${from.name} runs without Node: it may not import ${specifier}`;
  }
  if (!specifier.startsWith('.')) return null; // packages
  const target = path.posix.normalize(
    path.posix.join(path.posix.dirname(importerRel.split(path.sep).join('/')), specifier),
  );
  const to = moduleOf(target);
  if (!to) return `${from.name} may not import ${target}: it is outside every module`;
  if (to.name === from.name || from.mayImport.includes(to.name)) return null;
  return `${from.name} (${from.folder}) may not import ${to.name} (${to.folder}): layers point one way, see docs/architecture.md`;
}

const oneWayDown = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layers of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const importer = path.relative(repoRoot, context.filename);
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const why = importViolation(importer, source.value);
      if (why) context.report({ node: source, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { 'one-way-down': oneWayDown } };
