// Types of build/layers.js (plain JavaScript so that eslint.config.js can load it).
import type { ESLint } from 'eslint';

export interface LayerModule {
  name: string;
  /** Repository-relative, ending with '/'. */
  folder: string;
  mayImport: readonly string[];
}

export const repoRoot: string;
export const MODULES: readonly LayerModule[];
export const ELECTRON_MODULES: readonly string[];
export const NO_NODE_MODULES: readonly string[];
export function moduleOf(relPath: string): LayerModule | null;
export function importViolation(importerRel: string, specifier: string): string | null;
export const layersPlugin: ESLint.Plugin;
