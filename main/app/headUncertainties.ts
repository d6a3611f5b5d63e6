import type { DatabaseSync } from 'node:sqlite';
import { videoUncertainty } from '../learn/videoUncertainty.ts';
import { readSnippetScores } from '../project/runs.ts';
import { HEAD_PREFIX } from '../runs/headModel.ts';
import { HEAD_STREAM } from '../runs/headRun.ts';

/**
 * Per video, how unsure the project's head is of it (learn/videoUncertainty.ts), from the
 * snippet probabilities of the newest head run that scored it: what "next video" orders the
 * unreviewed ones by (issue 26, item 6). Videos no head scored are absent.
 */
export interface HeadUncertainty {
  value: number;
  /** The head whose run it was read from. */
  head: string;
  runId: number;
}

// A run's stored scores of a video do not change unless stored again (a new row): worked out
// once per row, not on every refresh of the project view.
const known = new WeakMap<DatabaseSync, Map<string, number | null>>();

export function headUncertainties(db: DatabaseSync): Map<string, HeadUncertainty> {
  const rows = db
    .prepare(
      `SELECT c.video_id, c.run_id, c.rowid AS row, m.model_id FROM snippet_scores c
       JOIN model_runs m ON m.id = c.run_id
       JOIN (SELECT d.video_id, max(d.run_id) AS run_id FROM snippet_scores d
           JOIN model_runs n ON n.id = d.run_id
           WHERE n.model_id LIKE ? || '%' AND d.stream = ? GROUP BY d.video_id) newest
         ON newest.video_id = c.video_id AND newest.run_id = c.run_id
       WHERE c.stream = ?`,
    )
    .all(HEAD_PREFIX, HEAD_STREAM, HEAD_STREAM) as {
    video_id: string;
    run_id: number;
    row: number;
    model_id: string;
  }[];
  let cache = known.get(db);
  if (!cache) known.set(db, (cache = new Map()));
  const out = new Map<string, HeadUncertainty>();
  for (const r of rows) {
    const key = `${r.run_id}:${r.video_id}:${r.row}`;
    let value = cache.get(key);
    if (value === undefined) {
      const scores = readSnippetScores(db, r.run_id, HEAD_STREAM, r.video_id);
      value = scores ? videoUncertainty(scores) : null;
      cache.set(key, value);
    }
    if (value !== null) {
      out.set(r.video_id, {
        value,
        head: r.model_id.slice(HEAD_PREFIX.length),
        runId: r.run_id,
      });
    }
  }
  return out;
}
