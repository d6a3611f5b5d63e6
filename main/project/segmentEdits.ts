import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import type { ChangeRecorder } from './changeRecorder.ts';
import type { EditSummary } from './editLog.ts';
import { commitDecision } from './reviewProgress.ts';
import { toSegment } from './rowMapping.ts';
import { getSegment, segmentsInLayer } from './segmentQueries.ts';
import type { Provenance, SegmentRecord } from './types.ts';
import { requireVideo } from './videos.ts';

/**
 * The annotator's segment actions. Each is one committed, undoable edit. A shared prediction
 * is never changed in place: the annotator's decision becomes a segment in their own layer
 * (pointing back at the prediction) and the prediction leaves their view. The first decision
 * on an unreviewed video puts it in progress (reviewProgress.ts).
 */

export interface SegmentChange {
  startSec?: number;
  endSec?: number;
  label?: string;
}

export function addSegment(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  segment: { startSec: number; endSec: number; label: string },
): { edit: EditSummary; value: SegmentRecord } {
  checkBounds(db, videoId, segment.startSec, segment.endSec);
  const label = checkLabel(segment.label);
  return commitDecision(db, annotatorId, 'add segment', videoId, (rows) =>
    toSegment(
      rows.insert('segments', {
        video_id: videoId,
        start_sec: segment.startSec,
        end_sec: segment.endSec,
        label,
        provenance: 'manual',
        annotator_id: annotatorId,
        created_by: annotatorId,
        updated_at: now(),
      }),
    ),
  );
}

/** Resize and/or relabel. */
export function updateSegment(
  db: DatabaseSync,
  annotatorId: number,
  segmentId: number,
  change: SegmentChange,
): { edit: EditSummary; value: SegmentRecord } {
  const segment = visibleSegment(db, annotatorId, segmentId);
  const startSec = change.startSec ?? segment.startSec;
  const endSec = change.endSec ?? segment.endSec;
  // Only new times are checked: imported data may hold segments past the video's end, and
  // relabelling one must not fail on bounds the annotator did not touch.
  if (change.startSec !== undefined || change.endSec !== undefined) {
    checkBounds(db, segment.videoId, startSec, endSec);
  }
  const label = change.label === undefined ? segment.label : checkLabel(change.label);
  const action =
    change.label !== undefined && change.startSec === undefined && change.endSec === undefined
      ? 'relabel segment'
      : 'resize segment';
  return commitDecision(db, annotatorId, action, segment.videoId, (rows) =>
    toSegment(
      writeDecision(rows, annotatorId, segment, editedProvenance(segment), {
        start_sec: startSec,
        end_sec: endSec,
        label,
      }),
    ),
  );
}

export function acceptSegments(db: DatabaseSync, annotatorId: number, segmentIds: number[]) {
  return decide(db, annotatorId, segmentIds, 'accept', (s) =>
    s.provenance === 'predicted' || s.provenance === 'rejected' ? 'accepted' : s.provenance,
  );
}

export function rejectSegments(db: DatabaseSync, annotatorId: number, segmentIds: number[]) {
  return decide(db, annotatorId, segmentIds, 'reject', () => 'rejected');
}

/** Accepts every undecided prediction of the video scoring at least `minScore`. */
export function bulkAccept(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  minScore: number,
) {
  const ids = segmentsInLayer(db, videoId, annotatorId)
    .filter((s) => s.provenance === 'predicted' && (s.score ?? -Infinity) >= minScore)
    .map((s) => s.id);
  return decide(
    db,
    annotatorId,
    ids,
    `accept ${ids.length} above ${minScore}`,
    (s) => (s.provenance === 'predicted' ? 'accepted' : s.provenance),
    videoId,
  );
}

/** Deletes the annotator's own segments; deleting a shared prediction rejects it. */
export function deleteSegments(db: DatabaseSync, annotatorId: number, segmentIds: number[]) {
  const segments = segmentIds.map((id) => visibleSegment(db, annotatorId, id));
  const videoId = sameVideo(segments);
  return commitDecision(db, annotatorId, 'delete segment', videoId, (rows) => {
    for (const segment of segments) {
      if (segment.annotatorId === null) writeDecision(rows, annotatorId, segment, 'rejected', {});
      else rows.delete('segments', segment.id);
    }
  });
}

/** Splits a segment at `atSec` (strictly inside it) into two with the same label. */
export function splitSegment(
  db: DatabaseSync,
  annotatorId: number,
  segmentId: number,
  atSec: number,
): { edit: EditSummary; value: [SegmentRecord, SegmentRecord] } {
  const segment = visibleSegment(db, annotatorId, segmentId);
  if (!(atSec > segment.startSec && atSec < segment.endSec)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `split point ${atSec} s is not inside segment ${segmentId} [${segment.startSec}, ${segment.endSec})`,
    );
  }
  return commitDecision(db, annotatorId, 'split segment', segment.videoId, (rows) => {
    const provenance = editedProvenance(segment);
    const first = writeDecision(rows, annotatorId, segment, provenance, { end_sec: atSec });
    const second = rows.insert('segments', {
      ...withoutId(first),
      start_sec: atSec,
      end_sec: segment.endSec,
      updated_at: now(),
    });
    return [toSegment(first), toSegment(second)] as [SegmentRecord, SegmentRecord];
  });
}

/**
 * Merges segments of one video into one covering them all, with the label of the earliest
 * (or `label`) and the highest score. The others leave the annotator's layer.
 */
export function mergeSegments(
  db: DatabaseSync,
  annotatorId: number,
  segmentIds: number[],
  label?: string,
): { edit: EditSummary; value: SegmentRecord } {
  if (new Set(segmentIds).size < 2) {
    throw new ActionlineError('BAD_ARGUMENT', 'merge needs at least two different segments');
  }
  const segments = segmentIds
    .map((id) => visibleSegment(db, annotatorId, id))
    .sort((a, b) => a.startSec - b.startSec || a.id - b.id);
  const videoId = sameVideo(segments);
  const [keep, ...rest] = segments as [SegmentRecord, ...SegmentRecord[]];
  const scores = segments.map((s) => s.score).filter((s): s is number => s !== null);
  return commitDecision(db, annotatorId, 'merge segments', videoId, (rows) => {
    const merged = writeDecision(rows, annotatorId, keep, editedProvenance(keep), {
      start_sec: Math.min(...segments.map((s) => s.startSec)),
      end_sec: Math.max(...segments.map((s) => s.endSec)),
      label: label === undefined ? keep.label : checkLabel(label),
      score: scores.length > 0 ? Math.max(...scores) : null,
    });
    for (const segment of rest) {
      if (segment.annotatorId === null) markReviewed(rows, annotatorId, segment.id);
      else rows.delete('segments', segment.id);
    }
    return toSegment(merged);
  });
}

function decide(
  db: DatabaseSync,
  annotatorId: number,
  segmentIds: number[],
  action: string,
  provenanceOf: (s: SegmentRecord) => Provenance,
  /** The video when no segment is given (a bulk accept that found none): the edit's video. */
  ofVideo?: string,
) {
  const segments = segmentIds.map((id) => visibleSegment(db, annotatorId, id));
  const videoId = segments.length > 0 ? sameVideo(segments) : ofVideo;
  if (videoId === undefined) throw new ActionlineError('BAD_ARGUMENT', 'no segment to decide on');
  return commitDecision(db, annotatorId, action, videoId, (rows) =>
    segments.map((s) => toSegment(writeDecision(rows, annotatorId, s, provenanceOf(s), {}))),
  );
}

/**
 * Writes the annotator's version of a segment: their own segment is updated; a shared
 * prediction gets a new segment in their layer and is marked reviewed by them.
 */
function writeDecision(
  rows: ChangeRecorder,
  annotatorId: number,
  segment: SegmentRecord,
  provenance: Provenance,
  values: Record<string, string | number | null>,
) {
  if (segment.annotatorId !== null) {
    return rows.update('segments', segment.id, {
      ...values,
      provenance,
      annotator_id: annotatorId,
      updated_at: now(),
    });
  }
  markReviewed(rows, annotatorId, segment.id);
  return rows.insert('segments', {
    video_id: segment.videoId,
    start_sec: segment.startSec,
    end_sec: segment.endSec,
    label: segment.label,
    score: segment.score,
    run_id: segment.runId,
    source_segment_id: segment.id,
    original_label: segment.label,
    original_score: segment.score,
    ...values,
    provenance,
    annotator_id: annotatorId,
    created_by: annotatorId,
    updated_at: now(),
  });
}

function markReviewed(rows: ChangeRecorder, annotatorId: number, segmentId: number): void {
  rows.insert('prediction_reviews', { annotator_id: annotatorId, segment_id: segmentId });
}

/** An annotator's change to a segment: manual ones stay manual, everything else is edited. */
function editedProvenance(segment: SegmentRecord): Provenance {
  return segment.provenance === 'manual' ? 'manual' : 'edited';
}

function visibleSegment(db: DatabaseSync, annotatorId: number, segmentId: number): SegmentRecord {
  const segment = getSegment(db, segmentId);
  if (!segment)
    throw new ActionlineError('BAD_ARGUMENT', `no segment ${segmentId} in this project`);
  if (segment.annotatorId !== null && segment.annotatorId !== annotatorId) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `segment ${segmentId} belongs to annotator ${segment.annotatorName ?? segment.annotatorId}`,
    );
  }
  if (segment.annotatorId === null) {
    const reviewed = db
      .prepare('SELECT 1 FROM prediction_reviews WHERE annotator_id = ? AND segment_id = ?')
      .get(annotatorId, segmentId);
    if (reviewed) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `prediction ${segmentId} was already reviewed by this annotator`,
      );
    }
  }
  return segment;
}

function sameVideo(segments: SegmentRecord[]): string {
  const videoIds = new Set(segments.map((s) => s.videoId));
  if (videoIds.size !== 1) {
    throw new ActionlineError('BAD_ARGUMENT', 'segments of one action must be in one video');
  }
  return segments[0]!.videoId;
}

function checkBounds(db: DatabaseSync, videoId: string, startSec: number, endSec: number): void {
  const video = requireVideo(db, videoId);
  if (
    !Number.isFinite(startSec) ||
    !Number.isFinite(endSec) ||
    startSec < 0 ||
    endSec <= startSec
  ) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `segment [${startSec}, ${endSec}) must have 0 ≤ start < end`,
    );
  }
  if (video.durationSec !== null && endSec > video.durationSec + 1e-9) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `segment end ${endSec} s is past the end of video "${videoId}" (${video.durationSec} s)`,
    );
  }
}

function checkLabel(label: string): string {
  const trimmed = label.trim();
  if (trimmed.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'label is empty');
  return trimmed;
}

function withoutId(row: Record<string, unknown>) {
  const { id: _id, ...rest } = row;
  return rest as Record<string, string | number | null>;
}

function now(): string {
  return new Date().toISOString();
}
