import { afterEach, describe, expect, it } from 'vitest';
import { undecodedFramesNote } from '../../../../shared/analysis/maskedStretches.ts';
import { createRun, readSnippetScores, storeSnippetScores } from '../../../../main/project/runs.ts';
import { getVideo, upsertVideo } from '../../../../main/project/videos.ts';
import { videoNotes } from '../../../../main/runs/videoStep.ts';
import type { VideoInfo } from '../../../../main/video/videoInfo.ts';
import { logitScores, tempProject } from '../project/projectFixture.ts';

/**
 * Issue 25: "frames do not decode" said one stretch in the editor and another in the CLI's
 * prelabel output. Both now say undecodedFramesNote's sentence; here the CLI's note of a
 * scored video against what the editor says from the same scores read back from a project,
 * with the video's stored duration.
 */
let dispose = () => {};
afterEach(() => dispose());

/** The editor's notice: the stored scores (scores:get) and the stored video (video detail). */
function editorNote(scores: ReturnType<typeof logitScores>, durationSec: number): string | null {
  const t = tempProject();
  dispose = t.dispose;
  const db = t.project.db;
  upsertVideo(db, { id: 'Megamind', durationSec });
  const runId = createRun(db, {
    modelId: 'm',
    streams: [{ stream: 'rgb', modelId: 'm', weight: 1, labels: scores.labels }],
  });
  storeSnippetScores(db, runId, 'rgb', 'Megamind', scores, 'float16');
  return undecodedFramesNote(
    readSnippetScores(db, runId, 'rgb', 'Megamind')!,
    getVideo(db, 'Megamind')!.durationSec!,
  );
}

function cliNote(scores: ReturnType<typeof logitScores>, durationSec: number): string | null {
  const video = { path: 'Megamind.avi', durationSec } as VideoInfo;
  return videoNotes({ video, scores }).find((n) => n.kind === 'partial')?.text ?? null;
}

describe('the stretches whose frames do not decode', () => {
  it('read the same in the editor as in the CLI, for the same scores', () => {
    // Snippets every 0.6 s from 0.3 s: the first one masked, two in the middle, the last;
    // the video is 12 s.
    const masked = [0, 7, 8, 19];
    const scores = logitScores(['background', 'a'], 20, (label, k) =>
      masked.includes(k) ? NaN : label === 'a' ? k : 0,
    );
    scores.snippetCenterSec = scores.snippetCenterSec.map((c) => (c - 0.5) * 0.6 + 0.3);
    const cli = cliNote(scores, 12);
    expect(cli).toBe(
      'frames do not decode in 0.0–0.6 s, 4.2–5.4 s, 11.4–12.0 s: no predictions there',
    );
    expect(editorNote(scores, 12)).toBe(cli);
  });

  it('say nothing where every snippet decoded', () => {
    const scores = logitScores(['background', 'a'], 5, (_, k) => k);
    expect(cliNote(scores, 5)).toBeNull();
    expect(editorNote(scores, 5)).toBeNull();
  });
});
