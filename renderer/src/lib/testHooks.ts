import { getContext } from 'svelte';
import type { EditorState } from './editorState.svelte.ts';
import type { Playback } from './playback.svelte.ts';

/**
 * The seam through which test-only code (renderer/src/testHooks/, loaded only by the
 * test-hooks page that benches and e2e specs open) sees inside components. The app's own
 * entry (main.ts) provides no hooks, so in the app every call here does nothing.
 */

/** What EditorView shows its test hooks: its state, and the component state they read. */
export interface EditorProbe {
  editor: EditorState;
  playback: Playback;
  creationLabel(): string;
  pendingOnset(): number | null;
}

export interface TestHooks {
  /** The editor is mounted; returns what to undo when it unmounts. */
  editorMounted(probe: EditorProbe): () => void;
}

/** The context key under which the test-hooks entry mounts the app with its hooks. */
export const TEST_HOOKS = Symbol('actionline test hooks');

/** The hooks the app was mounted with (during component initialisation), or undefined. */
export function testHooks(): TestHooks | undefined {
  return getContext<TestHooks | undefined>(TEST_HOOKS);
}
