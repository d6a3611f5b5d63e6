import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVideos } from '../../../main/app/addVideos.ts';
import { analyzeVideos, type AnalyzeEvent } from '../../../main/app/analyzeVideos.ts';
import { temporalIou } from '../../../main/analysis/nms.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { Project } from '../../../main/project/project.ts';
import { readSnippetScores } from '../../../main/project/runs.ts';
import { segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/** The app's "run model": real worker process, ffmpeg and onnxruntime, results in a real project. */
let project: Project;
let dir: string;
const host = new ForkedAnalysisHost();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-analyze-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  const motion = await motionTestVideo();
  copyFileSync(motion.path, path.join(dir, 'moving_box.mp4'));
  await addVideos(project.db, [path.join(dir, 'moving_box.mp4')]);
});
afterAll(async () => {
  project.close();
  await host.close();
});

describe('analyzeVideos', () => {
  it('stores snippet scores and predictions that find the moving stretches; a bad video fails alone', async () => {
    const motion = await motionTestVideo();
    // A video known by metadata only: it has no media and must fail without stopping the run.
    project.db
      .prepare(`INSERT INTO videos (id, position, added_at) VALUES ('no_media', 99, 'now')`)
      .run();
    const events: AnalyzeEvent[] = [];
    const outcome = await analyzeVideos(
      project.db,
      host,
      {
        videoIds: ['no_media', 'moving_box'],
        model: 'motion',
        intervalSec: 0.5,
        device: 'cpu',
        threads: 1,
      },
      { onEvent: (e) => events.push(e) },
    );
    expect(outcome.done).toEqual(['moving_box']);
    expect(outcome.failures.map((f) => f.videoId)).toEqual(['no_media']);
    expect(outcome.failures[0]!.error.message).toMatch(/no media file/);
    expect(events.some((e) => e.type === 'progress')).toBe(true);

    const scores = readSnippetScores(project.db, outcome.runId, 'motion', 'moving_box')!;
    expect(scores.labels).toEqual(['background', 'motion']);
    expect(scores.snippetCenterSec.length).toBe(32);

    const predicted = segmentsInLayer(project.db, 'moving_box', null);
    for (const [startSec, endSec] of motion.movingIntervalsSec) {
      const best = Math.max(
        ...predicted.map((s) => temporalIou(s.startSec, s.endSec, startSec, endSec)),
      );
      expect(best).toBeGreaterThanOrEqual(0.8);
    }
    expect(predicted.every((s) => s.provenance === 'predicted' && s.runId === outcome.runId)).toBe(
      true,
    );
  });
});
