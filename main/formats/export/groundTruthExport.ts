import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';
import type { Provenance } from '../../project/types.ts';
import { RESULTS_VERSION } from '../activitynetResults.ts';
import { missingSubsetOf, type ExportText, type VideoSelection } from './exportTypes.ts';
import { jsonNumber } from './numberText.ts';
import { readTaxonomy, type StoredTaxonomyNode } from './projectTaxonomy.ts';
import { segmentWhere } from './segmentFilter.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';
import { selectVideos, type ExportVideo } from './selectVideos.ts';

/**
 * ActivityNet v1.3 ground truth from the project:
 * {"version": "VERSION 1.3", "taxonomy": [...], "database": {id: {subset, duration,
 * resolution, url, annotations}}}.
 *
 * Deterministic text: video ids in code-point order (the JSON is written by hand: a JS object
 * would put integer-like ids such as "17" first), fields in that fixed order (resolution and
 * url left out when unknown), annotations by start, end, label, one per line, numbers as the
 * shortest text that reads back as the same float64.
 *
 * Which segments: the annotators' work (accepted, edited, manual) and imported ground truth,
 * never rejected ones; predictions only with `includePredictions`. With `annotatorId`, that
 * annotator's layer as the timeline shows it. Without it, every annotator's segments plus
 * the shared segments nobody has decided on yet; a segment that several annotators made
 * identically (same start, end and label, bit for bit) is written once.
 */
export interface GroundTruthOptions extends VideoSelection {
  annotatorId?: number;
  includePredictions?: boolean;
  /** The ActivityNet label set whose taxonomy is written; default the project's only one. */
  labelSet?: string;
}

export const GROUND_TRUTH_PROVENANCES: readonly Provenance[] = [
  'imported',
  'accepted',
  'edited',
  'manual',
];

type SegmentRow = [
  videoId: string,
  startSec: number,
  endSec: number,
  label: string,
  id: number,
  owner: number | null,
];

export function groundTruthText(db: DatabaseSync, options: GroundTruthOptions = {}): ExportText {
  const taxonomy = readTaxonomy(db, options.labelSet);
  const warnings = [...taxonomy.warnings];
  const videos = selectVideos(db, options);
  const rows = selectSegments(db, options);
  const parts: string[] = [
    `{\n  "version": ${JSON.stringify(RESULTS_VERSION)},\n`,
    taxonomyText(taxonomy.nodes),
    '  "database": {',
  ];
  const labelJson = new Map<string, string>();
  let missingSubset = 0;
  let missingDuration = 0;
  let segmentCount = 0;
  let r = 0;
  videos.forEach((video, v) => {
    // Both lists come from SQLite in the same order, so a video's rows are the next run of
    // rows with its id (the subset filter is applied to both queries alike).
    const annotations: string[] = [];
    let lastEnd = 0;
    const where = `database[${JSON.stringify(video.id)}] segment`;
    while (r < rows.length && rows[r]![0] === video.id) {
      const [, startSec, endSec, label] = rows[r]!;
      const copies = identicalCopies(rows, r);
      let json = labelJson.get(label);
      if (json === undefined) labelJson.set(label, (json = JSON.stringify(label)));
      const line = `        {"segment": [${jsonNumber(startSec, where)}, ${jsonNumber(endSec, where)}], "label": ${json}}`;
      for (let c = 0; c < copies.written; c++) annotations.push(line);
      lastEnd = Math.max(lastEnd, endSec);
      r += copies.rows;
    }
    segmentCount += annotations.length;
    if (video.subset === null) missingSubset++;
    if (video.durationSec === null) missingDuration++;
    parts.push(
      v === 0 ? '\n' : ',\n',
      videoText(video, missingSubsetOf(options), lastEnd, annotations),
    );
  });
  if (r < rows.length) {
    // Cannot happen while the foreign key holds; a silent loss of segments would be worse.
    throw new ActionlineError('INTERNAL', `segment of unknown video "${rows[r]![0]}"`);
  }
  parts.push(videos.length === 0 ? '}\n}\n' : '\n  }\n}\n');
  if (missingSubset > 0) {
    warnings.push(
      `${missingSubset} video(s) have no subset; written as "${missingSubsetOf(options)}"`,
    );
  }
  if (missingDuration > 0) {
    warnings.push(
      `${missingDuration} video(s) have no known duration (media never probed); written as the end of their last segment (0 without segments)`,
    );
  }
  return { text: parts.join(''), warnings, videoCount: videos.length, itemCount: segmentCount };
}

function selectSegments(db: DatabaseSync, options: GroundTruthOptions): SegmentRow[] {
  const where = segmentWhere({
    provenances: options.includePredictions
      ? [...GROUND_TRUTH_PROVENANCES, 'predicted']
      : GROUND_TRUTH_PROVENANCES,
    layer: options.annotatorId ?? 'all',
    hideDecidedShared: true,
    subset: options.subset,
    missingSubset: options.missingSubset,
  });
  const statement = db.prepare(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, s.id, s.annotator_id FROM segments s ${where.sql} ${SEGMENT_ORDER}`,
  );
  // Arrays instead of objects: a million rows read about twice as fast.
  statement.setReturnArrays(true);
  return orderTies(statement.all(...where.params) as unknown as SegmentRow[]);
}

/**
 * Rows from `start` that repeat the same segment, and how many copies to write: the most any
 * one layer (annotator, or the shared rows) holds. Two annotators agreeing is one segment;
 * a duplicate inside one layer (as imported files sometimes have) is kept.
 */
function identicalCopies(rows: SegmentRow[], start: number): { rows: number; written: number } {
  const [videoId, startSec, endSec, label] = rows[start]!;
  let end = start + 1;
  while (
    end < rows.length &&
    rows[end]![1] === startSec &&
    rows[end]![2] === endSec &&
    rows[end]![3] === label &&
    rows[end]![0] === videoId
  ) {
    end++;
  }
  if (end === start + 1) return { rows: 1, written: 1 };
  const perOwner = new Map<number | null, number>();
  for (let i = start; i < end; i++) {
    const o = rows[i]![5] ?? null;
    perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
  }
  return { rows: end - start, written: Math.max(...perOwner.values()) };
}

function taxonomyText(nodes: StoredTaxonomyNode[]): string {
  if (nodes.length === 0) return '  "taxonomy": [],\n';
  const lines = nodes.map(
    (n) =>
      `    {"nodeId": ${nullableNumber(n.nodeId)}, "nodeName": ${JSON.stringify(n.nodeName)}, ` +
      `"parentId": ${nullableNumber(n.parentId)}, "parentName": ${JSON.stringify(n.parentName)}}`,
  );
  return `  "taxonomy": [\n${lines.join(',\n')}\n  ],\n`;
}

function nullableNumber(value: number | null): string {
  return value === null ? 'null' : jsonNumber(value, 'taxonomy node id');
}

function videoText(
  video: ExportVideo,
  missingSubset: string,
  lastEndSec: number,
  annotations: string[],
): string {
  const where = `database[${JSON.stringify(video.id)}]`;
  const fields = [
    `"subset": ${JSON.stringify(video.subset ?? missingSubset)}`,
    `"duration": ${jsonNumber(video.durationSec ?? lastEndSec, `${where}.duration`)}`,
  ];
  if (video.resolution !== null) fields.push(`"resolution": ${JSON.stringify(video.resolution)}`);
  if (video.url !== null) fields.push(`"url": ${JSON.stringify(video.url)}`);
  fields.push(
    annotations.length === 0
      ? '"annotations": []'
      : `"annotations": [\n${annotations.join(',\n')}\n      ]`,
  );
  return `    ${JSON.stringify(video.id)}: {\n      ${fields.join(',\n      ')}\n    }`;
}
