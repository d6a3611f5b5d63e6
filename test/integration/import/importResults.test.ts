import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportText } from '../../../main/formats/export/exportProject.ts';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { Project } from '../../../main/project/project.ts';
import { listRuns } from '../../../main/project/runs.ts';
import { acceptSegments } from '../../../main/project/segmentEdits.ts';
import { allSegments, segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import { getVideo, listVideos, upsertVideo } from '../../../main/project/videos.ts';
import {
  classificationDoc,
  detectionDoc,
  groundTruthDoc,
  proposalsDoc,
  tempDir,
  writeJson,
} from './importFixtures.ts';

let dir: string;
let project: Project;

beforeEach(() => {
  dir = tempDir('import-results');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
});
afterEach(() => project.close());

function videoLabels(videoId: string) {
  return project.db
    .prepare('SELECT label, kind, score, run_id FROM video_labels WHERE video_id = ? ORDER BY id')
    .all(videoId);
}

describe('results import', () => {
  it('stores detection results as a run of shared predictions; unknown videos are added by id', async () => {
    await importFile(project, writeJson(dir, 'gt.json', groundTruthDoc()));
    const file = writeJson(dir, 'det.json', detectionDoc());
    const summary = await importFile(project, file);
    expect(summary).toMatchObject({
      kind: 'detection',
      videos: 2,
      videosAdded: 1,
      segments: 3,
      labels: 2,
      replaced: 0,
      annotator: null,
    });
    const [run] = listRuns(project.db);
    expect(run).toMatchObject({
      id: summary.runId,
      modelId: 'imported:det.json',
      source: 'det.json',
      task: 'detection',
      streams: [
        {
          stream: 'imported',
          modelId: 'imported:det.json',
          labels: ['Wakeboarding', 'Mooping floor'],
        },
      ],
    });
    expect(run!.params).toMatchObject({
      file,
      version: 'VERSION 1.3',
      externalData: { used: true, details: 'Kinetics-400 pretraining' },
    });
    expect(segmentsInLayer(project.db, 'bYUmtLBL7W4', null)).toMatchObject([
      { startSec: 12, endSec: 55.5, label: 'Wakeboarding', score: 0.93, provenance: 'predicted' },
      { startSec: 60, endSec: 61, label: 'Mooping floor', originalScore: 0.1, annotatorId: null },
    ]);
    expect(getVideo(project.db, 'newVideo')).toMatchObject({ path: null, durationSec: null });
    expect(listVideos(project.db).map((v) => v.id)).toContain('newVideo');
  });

  it('a file without the marker holds ranked detections (what mAP wants)', async () => {
    const summary = await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
    const products = project.db
      .prepare('SELECT DISTINCT product FROM segments WHERE run_id = ?')
      .all(summary.runId) as { product: string }[];
    expect(products).toEqual([{ product: 'ranked' }]);
  });

  it('exports the same detections back', async () => {
    const { runId } = await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
    const exported = JSON.parse(
      exportText(project.db, { format: 'activitynet-results', runId: runId! }).text,
    ) as { results: unknown };
    expect(exported.results).toEqual(detectionDoc().results);
  });

  it('stores classification results as predicted video labels', async () => {
    const summary = await importFile(project, writeJson(dir, 'cls.json', classificationDoc()));
    expect(summary).toMatchObject({ kind: 'classification', segments: 0, videoLabels: 2 });
    expect(videoLabels('bYUmtLBL7W4')).toEqual([
      { label: 'Wakeboarding', kind: 'predicted', score: 0.93, run_id: summary.runId },
      { label: 'Mooping floor', kind: 'predicted', score: 0.02, run_id: summary.runId },
    ]);
    expect(allSegments(project.db, 'bYUmtLBL7W4')).toEqual([]);
  });

  it('stores proposals as segments labelled "proposal"', async () => {
    const summary = await importFile(project, writeJson(dir, 'prop.json', proposalsDoc()));
    expect(summary).toMatchObject({ kind: 'proposals', segments: 1 });
    expect(listRuns(project.db)[0]).toMatchObject({ task: 'proposals' });
    expect(allSegments(project.db, 'bYUmtLBL7W4')).toMatchObject([
      { label: 'proposal', score: 0.7, provenance: 'predicted' },
    ]);
  });

  it('re-importing the same file replaces its predictions and keeps decided ones', async () => {
    const file = writeJson(dir, 'det.json', detectionDoc());
    const first = await importFile(project, file);
    const alice = project.annotator('alice').id;
    const [decided] = segmentsInLayer(project.db, 'bYUmtLBL7W4', null);
    acceptSegments(project.db, alice, [decided!.id]);

    const changed = detectionDoc();
    delete (changed.results as Record<string, unknown>).newVideo;
    writeJson(dir, 'det.json', changed);
    const again = await importFile(project, file);
    expect(again.runId).toBe(first.runId);
    expect(again.replaced).toBe(2); // the undecided prediction of each video
    expect(listRuns(project.db)).toHaveLength(1);
    expect(allSegments(project.db, 'newVideo')).toEqual([]);
    const predictions = segmentsInLayer(project.db, 'bYUmtLBL7W4', null);
    expect(predictions.map((s) => s.id)).toContain(decided!.id);
    expect(predictions).toHaveLength(3); // the decided one + the two new
  });

  it('gives another file of the same name a run of its own', async () => {
    await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
    const other = tempDir('import-results-other');
    await importFile(project, writeJson(other, 'det.json', detectionDoc()));
    expect(listRuns(project.db)).toHaveLength(2);
  });

  it('a file marked as the suggested labelling (prelabel --task labelling) arrives as suggestions', async () => {
    const doc = { ...detectionDoc(), actionline: { product: 'suggestions' } };
    const summary = await importFile(project, writeJson(dir, 'sugg.json', doc));
    expect(summary).toMatchObject({ kind: 'detection', product: 'suggestions', segments: 3 });
    const products = project.db
      .prepare('SELECT DISTINCT product FROM segments WHERE run_id = ?')
      .all(summary.runId) as { product: string }[];
    expect(products).toEqual([{ product: 'suggested' }]);
    // Exported again as the suggested labelling, it carries the marker again.
    const text = exportText(project.db, {
      format: 'activitynet-results',
      runId: summary.runId!,
      product: 'suggested',
    }).text;
    expect((JSON.parse(text) as { actionline?: unknown }).actionline).toEqual({
      product: 'suggestions',
    });
  });

  it('a marker it does not know is refused, naming the field', async () => {
    const doc = { ...detectionDoc(), actionline: { product: 'everything' } };
    const file = writeJson(dir, 'odd.json', doc);
    await expect(importFile(project, file)).rejects.toThrow(/actionline\.product/);
    expect(listRuns(project.db)).toHaveLength(0);
  });

  it('warns when ids differ from project videos only by a v_ prefix', async () => {
    upsertVideo(project.db, { id: 'v_bYUmtLBL7W4' });
    const file = writeJson(dir, 'det.json', detectionDoc());
    const summary = await importFile(project, file);
    expect(summary.warnings).toEqual([
      `${file}: 1 result ids match a project video only with a "v_" prefix added or removed (first: "bYUmtLBL7W4" vs "v_bYUmtLBL7W4"); ids are matched exactly, so they were added as new videos`,
    ]);
  });
});
