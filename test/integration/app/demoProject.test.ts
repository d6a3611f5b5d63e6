import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoProject } from '../../../main/app/demoProject.ts';
import { temporalIou } from '../../../main/analysis/nms.ts';
import { DEMO_MOVING_INTERVALS_SEC } from '../../../main/app/demoVideo.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { Project } from '../../../main/project/project.ts';
import { listRuns } from '../../../main/project/runs.ts';
import { segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import { listVideos } from '../../../main/project/videos.ts';

/**
 * What a first start opens: the demo project, made locally (generated video, built-in model),
 * with predictions where the card really moves; made once, then reused.
 */
const host = new ForkedAnalysisHost();
afterAll(() => host.close());

describe('the demo project', () => {
  it('holds the generated video pre-labelled where things move, and is made only once', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'actionline-demo-'));
    const file = await ensureDemoProject(host, cacheDir);
    const project = Project.open(file);
    try {
      const [video] = listVideos(project.db);
      expect(video).toMatchObject({ id: 'actionline-demo' });
      const predicted = segmentsInLayer(project.db, video!.id, null);
      for (const [startSec, endSec] of DEMO_MOVING_INTERVALS_SEC) {
        const best = Math.max(
          ...predicted.map((s) => temporalIou(s.startSec, s.endSec, startSec, endSec)),
        );
        expect(best).toBeGreaterThanOrEqual(0.5);
      }
    } finally {
      project.close();
    }
    expect(await ensureDemoProject(host, cacheDir)).toBe(file);
    const again = Project.open(file);
    try {
      expect(listRuns(again.db)).toHaveLength(1); // reused, not pre-labelled again
    } finally {
      again.close();
    }
  });
});
