/**
 * The execution providers a user can ask for, by the names the CLI, the settings and the IPC
 * contract use (main/inference/executionProviders.ts says what each maps to).
 */
export const DEVICES = ['auto', 'cpu', 'cuda', 'tensorrt', 'dml', 'coreml', 'webgpu'] as const;
export type Device = (typeof DEVICES)[number];
