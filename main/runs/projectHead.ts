import type { DatabaseSync } from 'node:sqlite';
import { buildHeadGraph } from '../../models/head/headGraph.ts';
import { HEAD_INPUT, HEAD_OUTPUT, type HeadManifest } from '../../shared/heads/headManifest.ts';
import { ActionlineError } from '../base/errors.ts';
import { DEFAULT_HEAD_OPTIONS } from '../learn/trainHead.ts';
import { trainOffThread } from '../learn/trainOffThread.ts';
import type { HeadOptions, TrainedHead, TrainingSet } from '../learn/types.ts';
import { featuresModelOf } from '../project/backboneRun.ts';
import {
  checkHeadName,
  findHead,
  listHeads,
  projectUid,
  storeHead,
  type HeadRecord,
  type HeadTraining,
} from '../project/heads.ts';
import { listRuns } from '../project/runs.ts';
import { heldOutDetectionMap } from './heldOutMap.ts';
import { trainingSet } from '../project/trainingSet.ts';

/**
 * Training a project's head (issue 26, item 4), the one path for the CLI's `train` and the
 * app: the training set from the reviewed videos (project/trainingSet.ts), trained on a
 * thread of its own (learn/trainOffThread.ts), made an ONNX graph with its version-2
 * manifest, stored in the project under its name. Nothing is stored when anything fails.
 */

export interface TrainHeadRequest {
  annotatorId: number;
  backboneRunId?: number;
  /** Default: head-1, head-2, … (the first free). */
  name?: string;
  options?: Partial<HeadOptions>;
}

export interface TrainHeadOutcome {
  head: HeadRecord;
  /** What the user should know: the run chosen, what was left out and why. */
  notes: string[];
}

export async function trainProjectHead(
  db: DatabaseSync,
  request: TrainHeadRequest,
  signal?: AbortSignal,
): Promise<TrainHeadOutcome> {
  const name = request.name ?? freeName(db);
  checkHeadName(name);
  if (findHead(db, name)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `the project has a head "${name}" already: choose another name or delete it first`,
    );
  }
  const annotator = db
    .prepare('SELECT name FROM annotators WHERE id = ?')
    .get(request.annotatorId) as { name: string } | undefined;
  if (!annotator) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `no annotator ${request.annotatorId} in this project`,
    );
  }
  const assembled = trainingSet(db, {
    annotatorId: request.annotatorId,
    ...(request.backboneRunId === undefined ? {} : { backboneRunId: request.backboneRunId }),
  });
  const run = listRuns(db).find((r) => r.id === assembled.runId)!;
  const manifestPath = run.params.modelRef;
  const backbone = {
    ...featuresModelOf(run),
    ...(typeof manifestPath === 'string' ? { manifestPath } : {}),
  };
  const options = { ...DEFAULT_HEAD_OPTIONS, ...request.options };
  // Counted before training: the thread takes the set's buffers.
  const counts = snippetsPerClass(assembled.set);
  const head = await trainOffThread(assembled.set, options, signal);
  const metrics = {
    ...head.metrics,
    heldOutMap: heldOutDetectionMap(db, head, assembled.runId, request.annotatorId),
  };
  const heldOut = new Set(head.metrics.heldOutVideoIds);
  const training: HeadTraining = {
    options,
    annotator: annotator.name,
    videos: counts.map((c) => ({ ...c, heldOut: heldOut.has(c.videoId) })),
    notes: assembled.notes,
  };
  const record = storeHead(db, {
    name,
    manifest: headManifest(db, name, head, backbone),
    onnx: buildHeadGraph({ ...head, classCount: head.classes.length }, `head_${name}`),
    backboneRunId: assembled.runId,
    annotatorId: request.annotatorId,
    training,
    metrics,
  });
  return { head: record, notes: assembled.notes };
}

function headManifest(
  db: DatabaseSync,
  name: string,
  head: TrainedHead,
  backbone: HeadManifest['input']['features']['backbone'],
): HeadManifest {
  return {
    schemaVersion: 2,
    kind: 'head',
    name,
    version: new Date().toISOString(),
    onnx: 'head.onnx',
    input: {
      name: HEAD_INPUT,
      features: { backbone, size: head.dim },
      context: { snippets: head.contextSnippets, pooling: 'mean-before-after' },
      size: head.inputSize,
    },
    output: { name: HEAD_OUTPUT, kind: 'probabilities' },
    labels: [...head.classes],
    backgroundLabels: [head.classes[0]!],
    project: { uid: projectUid(db) },
  };
}

function snippetsPerClass(set: TrainingSet): { videoId: string; snippetsPerClass: number[] }[] {
  return set.videos.map((v) => {
    const counts = new Array<number>(set.classes.length).fill(0);
    for (const t of v.targets) if (t >= 0) counts[t]!++;
    return { videoId: v.videoId, snippetsPerClass: counts };
  });
}

function freeName(db: DatabaseSync): string {
  const taken = new Set(listHeads(db).map((h) => h.name));
  let n = 1;
  while (taken.has(`head-${n}`)) n++;
  return `head-${n}`;
}
