import type { DatabaseSync } from 'node:sqlite';
import type { MediaNote, ReviewStatus } from '../../shared/project/types.ts';
import type { VideoSummary } from '../../shared/project/views.ts';
import { NEWEST_RUN_PER_VIDEO } from '../project/segmentQueries.ts';
import { headUncertainties } from './headUncertainties.ts';

export type { VideoSummary };

/** All videos for the project view, in the order they were added: a few queries, not one per video. */
export function videoSummaries(db: DatabaseSync, annotatorId: number | null): VideoSummary[] {
  const videos = db
    .prepare(
      'SELECT id, path, duration_sec, review_status, subset, media_notes FROM videos ORDER BY position',
    )
    .all() as {
    id: string;
    path: string | null;
    duration_sec: number | null;
    review_status: ReviewStatus;
    media_notes: string | null;
    subset: string | null;
  }[];
  const predicted = groupBy(
    db
      .prepare(
        // The newest run's labels, as the editor shows the newest run's suggestions.
        `SELECT video_id, label, score FROM video_labels l WHERE kind = 'predicted'
           AND run_id IS (SELECT max(run_id) FROM video_labels n
             WHERE n.video_id = l.video_id AND n.kind = 'predicted')
         ORDER BY video_id, score DESC`,
      )
      .all() as { video_id: string; label: string; score: number | null }[],
  );
  const confirmed = groupBy(
    db
      .prepare(
        `SELECT video_id, label FROM video_labels WHERE kind = 'confirmed' AND annotator_id IS ?
         ORDER BY video_id, label`,
      )
      .all(annotatorId) as { video_id: string; label: string }[],
  );
  const counts = new Map(
    (
      db
        .prepare(
          `WITH newest AS (${NEWEST_RUN_PER_VIDEO})
           SELECT video_id,
             sum(annotator_id IS NULL AND NOT EXISTS (SELECT 1 FROM prediction_reviews r
               WHERE r.segment_id = s.id AND r.annotator_id IS ?)
               -- the newest run's only, as the editor shows them (segmentQueries.ts)
               AND (run_id IS NULL OR run_id = (SELECT n.run_id FROM newest n
                 WHERE n.video_id = s.video_id))
               -- a run's ranked detections are alternatives when it suggests (videoDetail.ts)
               AND NOT (product = 'ranked' AND (EXISTS (SELECT 1 FROM snippet_scores c
                 WHERE c.run_id = s.run_id AND c.video_id = s.video_id)
                 OR EXISTS (SELECT 1 FROM segments g WHERE g.run_id = s.run_id
                   AND g.video_id = s.video_id AND g.product = 'suggested')))
             ) AS undecided,
             sum(annotator_id IS ?) AS mine,
             count(DISTINCT run_id) AS runs
           FROM segments s GROUP BY video_id`,
        )
        .all(annotatorId, annotatorId) as {
        video_id: string;
        undecided: number;
        mine: number;
        runs: number;
      }[]
    ).map((r) => [r.video_id, r]),
  );
  const activity = new Map(
    (
      db
        .prepare('SELECT video_id, active_ms, actions FROM review_activity WHERE annotator_id IS ?')
        .all(annotatorId) as { video_id: string; active_ms: number; actions: number }[]
    ).map((r) => [r.video_id, r]),
  );
  const unsure = headUncertainties(db);
  return videos.map((v) => {
    const c = counts.get(v.id);
    return {
      id: v.id,
      path: v.path,
      durationSec: v.duration_sec,
      reviewStatus: v.review_status,
      subset: v.subset,
      predictedLabels: (predicted.get(v.id) ?? [])
        .slice(0, 3)
        .map((l) => ({ label: l.label, score: l.score })),
      confirmedLabels: (confirmed.get(v.id) ?? []).map((l) => l.label),
      undecidedPredictions: c?.undecided ?? 0,
      annotatorSegments: annotatorId === null ? 0 : (c?.mine ?? 0),
      runCount: c?.runs ?? 0,
      reviewActiveSec: (activity.get(v.id)?.active_ms ?? 0) / 1000,
      reviewActions: activity.get(v.id)?.actions ?? 0,
      mediaNotes: v.media_notes ? (JSON.parse(v.media_notes) as MediaNote[]) : [],
      headUncertainty: unsure.get(v.id) ?? null,
    };
  });
}

function groupBy<T extends { video_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.video_id);
    if (list) list.push(row);
    else map.set(row.video_id, [row]);
  }
  return map;
}
