import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import type { TrainingSet, TrainingVideo } from '../learn/types.ts';
import { chooseBackboneRun, nameList } from './backboneRun.ts';
import { classNames, getActiveLabelSet, type LabelSetRecord } from './labelSets.ts';
import { snippetCentres } from './runs.ts';
import { segmentsInLayer } from './segmentQueries.ts';
import { readSnippetFeaturesHalf } from './snippetFeatures.ts';
import type { Provenance, SegmentRecord } from './types.ts';

/**
 * The training set of a project's own classes (issue 26, item 4): on the videos whose status is
 * 'reviewed', the annotator's layer as the editor shows it says what each snippet of a backbone
 * run is. A snippet whose centre lies in [start, end) of an accepted, edited, manual or imported
 * segment is that segment's class; everything else is background, rejected predictions and the
 * predictions nobody decided on included (the annotator called the video done). Left out (-1):
 * a snippet two classes cover, one a label outside the label set covers, and a masked one (its
 * frames did not decode: NaN features). Reads only; refusals name what to do.
 */

export interface TrainingSetOptions {
  annotatorId: number;
  /** Default: the run with features for the most reviewed videos, the newest of equals. */
  backboneRunId?: number;
}

export interface AssembledTrainingSet {
  set: TrainingSet;
  runId: number;
  /** What the user should know: the run chosen, videos and snippets left out and why. */
  notes: string[];
}

/** The segments that say what a snippet is: the annotators' work and imported ground truth. */
export const LABELLED: ReadonlySet<Provenance> = new Set([
  'accepted',
  'edited',
  'manual',
  'imported',
]);

const BACKGROUND = 'background';

export function trainingSet(db: DatabaseSync, options: TrainingSetOptions): AssembledTrainingSet {
  const { annotatorId } = options;
  if (!db.prepare('SELECT 1 FROM annotators WHERE id = ?').get(annotatorId)) {
    throw new ActionlineError('BAD_ARGUMENT', `no annotator ${annotatorId} in this project`);
  }
  const notes: string[] = [];
  const { labelSet, classes } = activeClasses(db, notes);
  const classOf = new Map(classes.map((c, k) => [c, k]));
  const reviewed = reviewedVideoIds(db);
  const choice = chooseBackboneRun(db, reviewed, options.backboneRunId);
  notes.push(...choice.notes);

  const outside = new Map<string, number>();
  const videos: TrainingVideo[] = [];
  let dim: number | undefined;
  for (const videoId of choice.featured) {
    const features = readSnippetFeaturesHalf(db, choice.runId, videoId)!;
    const centres = snippetCentres(db, choice.runId, videoId);
    if (centres?.length !== features.snippetCount) {
      notes.push(
        `${videoId}: run ${choice.runId}'s features are not its scores' snippets (scored again without features?), left out`,
      );
      continue;
    }
    dim ??= features.dim;
    if (features.dim !== dim) {
      notes.push(`${videoId}: ${features.dim} feature values a snippet, not ${dim}, left out`);
      continue;
    }
    const segments = segmentsInLayer(db, videoId, annotatorId).filter((s) =>
      LABELLED.has(s.provenance),
    );
    const targets = snippetTargets(centres, segments, classOf, outside);
    const { masked, overflow } = leaveOutNonFinite(features.half, dim, targets);
    if (masked > 0) {
      notes.push(
        `${videoId}: ${masked} masked snippet${plural(masked)} (frames that did not decode) left out`,
      );
    }
    if (overflow > 0) {
      notes.push(
        `${videoId}: ${overflow} snippet${plural(overflow)} with values past float16's range left out`,
      );
    }
    videos.push({ videoId, dim, half: features.half, targets });
  }
  for (const [label, count] of outside) {
    notes.push(
      `"${label}" is not in the label set "${labelSet.name}": its ${count} snippet${plural(count)} left out`,
    );
  }
  checkClasses(classes, videos, labelSet.name);
  return { set: { classes, dim: dim ?? 0, videos }, runId: choice.runId, notes };
}

/** 'background', then the active label set's classes in its order. */
function activeClasses(
  db: DatabaseSync,
  notes: string[],
): { labelSet: LabelSetRecord; classes: string[] } {
  const labelSet = getActiveLabelSet(db);
  if (!labelSet) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      "the project has no label set chosen: a head learns the label set's classes; choose one",
    );
  }
  const setLabels = classNames(db, labelSet.id);
  // A label set may name background itself: it is class 0, not a class of its own.
  const labels = setLabels.filter((l) => l !== BACKGROUND);
  if (labels.length < setLabels.length) {
    notes.push(`the label set's "${BACKGROUND}" is the background class`);
  }
  return { labelSet, classes: [BACKGROUND, ...labels] };
}

/** The videos whose status is 'reviewed', in the project's order; none is refused. */
function reviewedVideoIds(db: DatabaseSync): string[] {
  const rows = db
    .prepare(`SELECT id FROM videos WHERE review_status = 'reviewed' ORDER BY position`)
    .all() as { id: string }[];
  if (rows.length === 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      'no video is reviewed yet: a head learns from the videos marked reviewed; review some and mark them reviewed',
    );
  }
  return rows.map((r) => r.id);
}

/**
 * Per snippet: the class of the labelled segments around its centre (start ≤ centre < end),
 * 0 where there are none, -1 where two classes or a label outside the set cover it.
 */
function snippetTargets(
  centres: Float64Array,
  segments: readonly SegmentRecord[],
  classOf: ReadonlyMap<string, number>,
  outside: Map<string, number>,
): Int32Array {
  const targets = new Int32Array(centres.length);
  centres.forEach((centreSec, k) => {
    let target = 0;
    const unknown = new Set<string>();
    for (const s of segments) {
      if (!(s.startSec <= centreSec && centreSec < s.endSec)) continue;
      const c = classOf.get(s.label);
      if (c === undefined) unknown.add(s.label);
      else if (target === 0) target = c;
      else if (target !== c) target = -1;
    }
    for (const label of unknown) outside.set(label, (outside.get(label) ?? 0) + 1);
    targets[k] = unknown.size > 0 ? -1 : target;
  });
  return targets;
}

/** Leaves out snippets with a NaN (masked) or infinite (past float16) value. */
function leaveOutNonFinite(
  half: Uint16Array,
  dim: number,
  targets: Int32Array,
): { masked: number; overflow: number } {
  let masked = 0;
  let overflow = 0;
  for (let k = 0; k < targets.length; k++) {
    let nan = false;
    let infinite = false;
    for (let i = k * dim; i < (k + 1) * dim; i++) {
      const bits = half[i]!;
      // Exponent all ones: NaN with a mantissa, infinity without.
      if ((bits & 0x7c00) === 0x7c00) {
        if (bits & 0x03ff) nan = true;
        else infinite = true;
      }
    }
    if (nan) masked++;
    else if (infinite) overflow++;
    if (nan || infinite) targets[k] = -1;
  }
  return { masked, overflow };
}

/** Refuses a set a head cannot learn from: one class alone, or a label no snippet has. */
function checkClasses(classes: string[], videos: readonly TrainingVideo[], setName: string): void {
  const counts = new Array<number>(classes.length).fill(0);
  for (const v of videos) for (const t of v.targets) if (t >= 0) counts[t]!++;
  const present = classes.filter((_, k) => counts[k]! > 0);
  if (present.length <= 1) {
    const which =
      present.length === 0 ? 'no snippet has a class' : `only ${present[0]} has snippets`;
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${which} in the ${videos.length} reviewed video${plural(videos.length)}: a head learns to tell classes apart; label the actions there (accept, edit or add segments) or review more videos`,
    );
  }
  const absent = classes.slice(1).filter((_, k) => counts[k + 1] === 0);
  if (absent.length > 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${nameList(absent, true)} of the label set "${setName}" ${absent.length === 1 ? 'has' : 'have'} no snippet in the reviewed videos: review a video that has them or remove them from the label set`,
    );
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
