import type { SegmentRecord } from '../../../shared/project/types.ts';
import type { EditorProbe, TestHooks } from '../lib/testHooks.ts';

/**
 * Test-only: the hooks the review benchmark's oracle (test/e2e/helpers/oracle.ts) drives the
 * editor with, on `window.__actionlineBench`: the editor's state as a snapshot, and a way to
 * reach a moment of a stretch being played without waiting for it in real time
 * (docs/review-cost.md). Only the test-hooks page (test-hooks.html) loads this.
 */

type BenchGlobal = { __actionlineBench?: Record<string, unknown> };

const brief = (s: SegmentRecord) => ({
  id: s.id,
  startSec: s.startSec,
  endSec: s.endSec,
  label: s.label,
  provenance: s.provenance,
});

export function benchHooks(): TestHooks {
  const w = window as BenchGlobal;
  // Present from the page's start: the oracle checks for it before opening a video.
  const bench = (w.__actionlineBench ??= {});
  return {
    editorMounted({ editor, playback, creationLabel, pendingOnset }: EditorProbe) {
      bench.pauseAt = (timeSec: number) => {
        playback.pause();
        playback.seek(timeSec);
      };
      bench.editor = () => ({
        videoId: editor.videoId,
        loaded: editor.detail?.video.id === editor.videoId && playback.ready,
        pendingEdits: editor.pendingEdits,
        timeSec: playback.timeSec,
        paused: playback.paused,
        creationLabel: creationLabel(),
        pendingOnset: pendingOnset(),
        selectedEdge: editor.selectedEdge,
        selected: editor.selectedSegments.map(brief),
        undecided: editor.undecided.map(brief),
        mine: editor.segments.filter((s) => s.annotatorId !== null).map(brief),
      });
      return () => {
        delete bench.pauseAt;
        delete bench.editor;
      };
    },
  };
}
