// The records cross to the renderer, so they live in shared/; re-exported for the store's files.
export * from '../../shared/project/types.ts';
