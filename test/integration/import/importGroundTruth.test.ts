import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportText } from '../../../main/formats/export/exportProject.ts';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { listImports } from '../../../main/formats/import/importLog.ts';
import { getActiveLabelSet, labelsOf, listLabelSets } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { updateSegment } from '../../../main/project/segmentEdits.ts';
import { allSegments, segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import { getVideo, listVideos, upsertVideo } from '../../../main/project/videos.ts';
import { groundTruthDoc, tempDir, writeJson } from './importFixtures.ts';

let dir: string;
let project: Project;

beforeEach(() => {
  dir = tempDir('import-gt');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
});
afterEach(() => project.close());

describe('ground-truth import', () => {
  it("stores videos, taxonomy and annotations as the annotator's imported segments", async () => {
    const file = writeJson(dir, 'gt.json', groundTruthDoc());
    const summary = await importFile(project, file);
    expect(summary).toMatchObject({
      kind: 'groundTruth',
      videos: 3,
      videosAdded: 3,
      segments: 3,
      labels: 2,
      replaced: 0,
      annotator: 'ground truth',
    });
    expect(summary.warnings).toEqual([
      `${file}: 1 zero-length segment (start = end; first at database.17.annotations[0].segment)`,
    ]);

    expect(getVideo(project.db, 'bYUmtLBL7W4')).toMatchObject({
      subset: 'validation',
      durationSec: 224.49,
      resolution: '1920x1080',
      url: 'https://www.youtube.com/watch?v=bYUmtLBL7W4',
      path: null,
    });
    expect(getVideo(project.db, 'v_ünïcode id')).toMatchObject({ resolution: null, url: null });

    const annotator = project.annotator('ground truth');
    const segments = segmentsInLayer(project.db, 'bYUmtLBL7W4', annotator.id);
    expect(segments.map((s) => [s.startSec, s.endSec, s.label])).toEqual([
      [0.1 + 0.2, 99.99999999999999, 'Wakeboarding'], // every bit kept
      [11.55, 57.07, 'Wakeboarding'],
    ]);
    for (const s of segments) {
      expect(s).toMatchObject({
        provenance: 'imported',
        score: null,
        runId: null,
        annotatorId: annotator.id,
        createdById: annotator.id,
      });
    }
    expect(allSegments(project.db, '17')).toMatchObject([{ startSec: 5, endSec: 5 }]);

    const [set] = listLabelSets(project.db);
    expect(set).toMatchObject({ name: 'ActivityNet taxonomy', kind: 'activitynet', labelCount: 4 });
    expect(getActiveLabelSet(project.db)?.id).toBe(set!.id);
    expect(
      labelsOf(project.db, set!.id).map((l) => [l.nodeId, l.name, l.parentNodeId, l.parentName]),
    ).toEqual(
      groundTruthDoc().taxonomy.map((n) => [n.nodeId, n.nodeName, n.parentId, n.parentName]),
    );
    expect(listImports(project.db)).toMatchObject([
      { file, kind: 'groundTruth', annotator: 'ground truth', segments: 3, labelSetId: set!.id },
    ]);
  });

  it('exports the same taxonomy and database back', async () => {
    const doc = groundTruthDoc();
    await importFile(project, writeJson(dir, 'gt.json', doc));
    const exported = JSON.parse(
      exportText(project.db, { format: 'activitynet' }).text,
    ) as typeof doc;
    expect(exported.taxonomy).toEqual(doc.taxonomy);
    expect(exported.database).toEqual(doc.database);
  });

  it('replaces its own earlier import instead of duplicating, and keeps edited segments', async () => {
    const file = writeJson(dir, 'gt.json', groundTruthDoc());
    await importFile(project, file);
    const annotator = project.annotator('ground truth');
    const [first] = segmentsInLayer(project.db, 'bYUmtLBL7W4', annotator.id);
    updateSegment(project.db, annotator.id, first!.id, { label: 'Mooping floor' });

    const again = await importFile(project, file);
    expect(again).toMatchObject({ videosAdded: 0, segments: 3, replaced: 2 });
    expect(again.warnings).toContain(
      `${file}: 1 segments that "ground truth" made or changed in these videos are kept beside the imported ones`,
    );
    const labels = segmentsInLayer(project.db, 'bYUmtLBL7W4', annotator.id).map(
      (s) => `${s.label}/${s.provenance}`,
    );
    expect(labels.sort()).toEqual([
      'Mooping floor/edited',
      'Wakeboarding/imported',
      'Wakeboarding/imported',
    ]);
    expect(listLabelSets(project.db)).toHaveLength(1); // same nodes: reused
    expect(listVideos(project.db)).toHaveLength(3);
  });

  it('keeps layers of different annotators apart', async () => {
    const file = writeJson(dir, 'gt.json', groundTruthDoc());
    await importFile(project, file, { annotator: 'alice' });
    await importFile(project, file, { annotator: 'bob' });
    expect(
      allSegments(project.db, 'bYUmtLBL7W4')
        .map((s) => s.annotatorName)
        .sort(),
    ).toEqual(['alice', 'alice', 'bob', 'bob']);
  });

  it('stores a different taxonomy under a new name', async () => {
    await importFile(project, writeJson(dir, 'gt.json', groundTruthDoc()));
    const other = groundTruthDoc();
    other.taxonomy[3]!.nodeName = 'Mopping floor';
    const summary = await importFile(project, writeJson(dir, 'gt2.json', other));
    expect(listLabelSets(project.db).map((s) => s.name)).toEqual([
      'ActivityNet taxonomy',
      'ActivityNet taxonomy (gt2.json)',
    ]);
    expect(getActiveLabelSet(project.db)?.name).toBe('ActivityNet taxonomy');
    expect(summary.labelSetId).toBe(listLabelSets(project.db)[1]!.id);
  });

  it('keeps the probed duration of a video whose media is linked', async () => {
    upsertVideo(project.db, { id: 'bYUmtLBL7W4', path: '/media/b.mp4', durationSec: 224.5 });
    const file = writeJson(dir, 'gt.json', groundTruthDoc());
    const summary = await importFile(project, file);
    expect(getVideo(project.db, 'bYUmtLBL7W4')).toMatchObject({
      durationSec: 224.5,
      subset: 'validation',
      path: '/media/b.mp4',
    });
    expect(summary.videosAdded).toBe(2);
    expect(summary.warnings).toContain(
      `${file}: 1 videos with linked media keep their probed duration instead of the file's`,
    );
  });
});
