import type { Project } from '../../../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../../../main/project/runs.ts';
import { rejectSegments } from '../../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../../main/project/segmentQueries.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';

/**
 * Two runs of predictions over three videos, one prediction rejected by an annotator (results
 * still carry it: they are the model's output), one video without predictions.
 */
export function addPredictions(project: Project): { run1: number; run2: number } {
  const db = project.db;
  for (const id of ['video_test_2', '17', 'video_test_10', 'empty']) {
    upsertVideo(db, { id, subset: id === '17' ? 'training' : 'validation', durationSec: 100 });
  }
  const streams = [{ stream: 'rgb', modelId: 'm', weight: 1, labels: [] }];
  const run1 = createRun(db, { modelId: 'm', streams });
  const run2 = createRun(db, { modelId: 'm2', streams });
  replacePredictions(
    db,
    run1,
    'video_test_2',
    [
      { startSec: 1e-7, endSec: 2.5, label: 'HighJump', score: 0.25 },
      { startSec: 1e-7, endSec: 2.5, label: 'Mooping floor', score: 0.75 },
      { startSec: 10, endSec: 0.1 + 0.2 + 12, label: 'PoleVault', score: 0.5 },
    ],
    [
      { label: 'HighJump', score: 0.6 },
      { label: 'PoleVault', score: 0.4 },
    ],
  );
  replacePredictions(
    db,
    run1,
    '17',
    [{ startSec: 3, endSec: 4, label: 'Diving', score: 1e-9 }],
    [{ label: 'Diving', score: 0.9 }],
  );
  replacePredictions(
    db,
    run2,
    'video_test_10',
    [{ startSec: 5, endSec: 6, label: 'Shotput', score: 0.1 }],
    [],
  );
  const alice = project.annotator('alice').id;
  rejectSegments(db, alice, [segmentsInLayer(db, '17', null)[0]!.id]);
  return { run1, run2 };
}

export const OLDER_RUN_DATE = '2026-12-05T09:00:00.000Z';
export const NEWER_RUN_DATE = '2026-12-07T10:30:00.000Z';

/**
 * Two runs over overlapping videos: 'motion' (the older) predicted a and b, 'tsn-rgb' (the
 * newer) predicted b and c. Only the older one made suggestions (for b); the newer one made no
 * video label for c. Their dates are fixed so that messages can be compared whole.
 */
export function addOverlappingRuns(project: Project): { older: number; newer: number } {
  const db = project.db;
  for (const id of ['a', 'b', 'c']) upsertVideo(db, { id, subset: 'validation', durationSec: 10 });
  const streams = [{ stream: 'rgb', modelId: 'x', weight: 1, labels: [] }];
  const older = createRun(db, { modelId: 'motion', streams });
  const newer = createRun(db, { modelId: 'tsn-rgb', streams });
  const setDate = db.prepare('UPDATE model_runs SET created_at = ? WHERE id = ?');
  setDate.run(OLDER_RUN_DATE, older);
  setDate.run(NEWER_RUN_DATE, newer);
  const one = (label: string, startSec: number, score: number) => [
    { startSec, endSec: startSec + 1, label, score },
  ];
  replacePredictions(db, older, 'a', one('Diving', 0, 0.9), [{ label: 'Diving', score: 0.9 }]);
  replacePredictions(
    db,
    older,
    'b',
    one('Diving', 2, 0.8),
    [{ label: 'Diving', score: 0.8 }],
    one('Diving', 2, 0.7),
  );
  replacePredictions(db, newer, 'b', one('Shotput', 4, 0.6), [{ label: 'Shotput', score: 0.6 }]);
  replacePredictions(db, newer, 'c', one('Shotput', 6, 0.5), []);
  return { older, newer };
}
