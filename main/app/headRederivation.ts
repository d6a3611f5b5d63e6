import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import type { Device } from '../inference/executionProviders.ts';
import { newestFeaturesRun } from '../project/backboneRun.ts';
import { requireHead } from '../project/heads.ts';
import { listRuns } from '../project/runs.ts';
import { findBackbone, HEAD_PREFIX } from '../runs/headModel.ts';
import type { AnalyzeRequest } from './analyzeTypes.ts';

/**
 * What the app runs after training a head (issue 26, item 6): the head over the unreviewed
 * videos that hold its backbone's features; their suggestions are then the head's (the newest
 * run's: segmentQueries.ts). The snippets are scored from the stored features; only the frames
 * near each suggestion edge are decoded to place it to the frame (where the backbone is
 * installed; without it nothing is decoded and the edges are the snippets'). Videos without
 * those features are left out and named: scoring them means decoding them.
 */
export interface HeadRederivation {
  request: AnalyzeRequest;
  notes: string[];
}

export async function headRederivation(
  db: DatabaseSync,
  name: string,
  where: { device: Device; threads: number },
): Promise<HeadRederivation> {
  const head = requireHead(db, name);
  const { backbone, size } = head.manifest.input.features;
  const unreviewed = (
    db
      .prepare(`SELECT id FROM videos WHERE review_status = 'unreviewed' ORDER BY position`)
      .all() as { id: string }[]
  ).map((v) => v.id);
  const featured = unreviewed.filter((id) => newestFeaturesRun(db, backbone, size, id) !== null);
  if (featured.length === 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      unreviewed.length === 0
        ? `no video is left unreviewed for head "${name}" to suggest on`
        : `none of the ${unreviewed.length} unreviewed videos has features of ${backbone.id}: run ${backbone.id} on them first`,
    );
  }
  const notes: string[] = [];
  const left = unreviewed.length - featured.length;
  if (left > 0) {
    const missing = unreviewed.filter((id) => !featured.includes(id));
    notes.push(
      `${left} unreviewed video${left === 1 ? ' has' : 's have'} no features of ${backbone.id} (${missing.slice(0, 5).join(', ')}${left > 5 ? ', …' : ''}): run ${backbone.id} on ${left === 1 ? 'it' : 'them'} for the head's suggestions`,
    );
  }
  // Edges from the stored snippets alone are up to half an interval out, and each then costs
  // the annotator a correction (bench:learn: 1.1× the actions of labelling from scratch, against
  // 0.46× refined); refining decodes only the frames near each edge, where the backbone is here.
  const backboneHere = 'model' in (await findBackbone(head));
  if (!backboneHere) {
    notes.push(
      `${backbone.id} is not installed here: the suggestions' edges come from the stored snippets alone and may each need moving`,
    );
  }
  const intervalSec = backboneInterval(db, head.backbone.runId) ?? 0.5;
  return {
    request: {
      videoIds: featured,
      model: `${HEAD_PREFIX}${name}`,
      intervalSec,
      device: where.device,
      threads: where.threads,
      sampling: {
        task: 'detection',
        plan: { kind: 'interval', intervalSec },
        refineEdges: backboneHere,
      },
    },
    notes,
  };
}

/** The interval of the run the head's features came from (where the plan was one). */
function backboneInterval(db: DatabaseSync, runId: number | null): number | null {
  const run = runId === null ? undefined : listRuns(db).find((r) => r.id === runId);
  const intervalSec = run?.params.intervalSec;
  return typeof intervalSec === 'number' && intervalSec > 0 ? intervalSec : null;
}
