import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';
import { Project } from '../../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../../main/project/runs.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';

/** A new project in a temporary folder; `dispose` closes it and removes the folder. */
export function tempProject(): { project: Project; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-project-'));
  const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  return {
    project,
    dispose: () => {
      project.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Video `videoId` (30 s) with one run's two predictions of 'motion': [2, 5) scoring 0.9 and
 * [10, 14) scoring 0.4, and the predicted video label 'motion'.
 */
export function videoWithPredictions(project: Project, videoId = 'v1'): void {
  upsertVideo(project.db, { id: videoId, durationSec: 30 });
  const runId = createRun(project.db, {
    modelId: 'motion',
    streams: [{ stream: 'rgb', modelId: 'motion', weight: 1, labels: ['background', 'motion'] }],
  });
  replacePredictions(
    project.db,
    runId,
    videoId,
    [
      { startSec: 2, endSec: 5, label: 'motion', score: 0.9 },
      { startSec: 10, endSec: 14, label: 'motion', score: 0.4 },
    ],
    [{ label: 'motion', score: 0.8 }],
  );
}

/**
 * Logit scores from a per-class function of the snippet index; snippets 1 s apart centred at
 * k + 0.5 s (plus `offsetSec`), as the every-second sampling plan places them.
 */
export function logitScores(
  labels: string[],
  snippetCount: number,
  logit: (label: string, snippet: number) => number,
  offsetSec = 0,
): SnippetScores {
  const scores = new Float32Array(snippetCount * labels.length);
  for (let k = 0; k < snippetCount; k++) {
    labels.forEach((label, c) => (scores[k * labels.length + c] = logit(label, k)));
  }
  return {
    classCount: labels.length,
    labels,
    snippetCenterSec: Float64Array.from({ length: snippetCount }, (_, k) => k + 0.5 + offsetSec),
    scores,
    kind: 'logits',
  };
}
