import { ActionlineError } from '../base/errors.ts';
import type { ScoredSegment, VideoLabel } from '../../shared/analysis/types.ts';
import type {
  ClassificationEntry,
  DetectionEntry,
  ExternalData,
  ProposalEntry,
  ResultsEntry,
  ResultsFile,
  ResultsTask,
  ResultsVideo,
} from '../activitynet/types.ts';
import { RESULTS_PRODUCT_KEY } from '../activitynet/types.ts';
import { writeTextAtomic } from '../base/atomicWrite.ts';

/**
 * ActivityNet v1.3 results files as Actionline writes them:
 * {"version": "VERSION 1.3", "results": {videoId: [...]}, "external_data": {...}}, and for the
 * suggested labelling a marker saying so, `"actionline": {"product": "suggestions"}`, beside
 * which a file exported from each video's newest run lists the runs (types.ts).
 * Detection entries are {label, score, segment: [start, end]}, classification entries
 * {label, score}, proposal entries {score, segment}. The text is deterministic: video ids in
 * code-unit order (the JSON text is written by hand, because a JavaScript object would put
 * integer-like ids such as "17" first whatever the order), entries by score descending, then
 * start, end and label ascending, one entry per line. Numbers are written at full precision
 * (the shortest text that reads back as the same float64): rounding a segment to milliseconds
 * could move its start onto the previous frame (frames are 33.4 ms apart at 29.97 fps).
 */

export const RESULTS_VERSION = 'VERSION 1.3';
const NO_EXTERNAL_DATA: ExternalData = { used: false, details: '' };

export function detectionResults(
  videos: Iterable<readonly [string, readonly ScoredSegment[]]>,
  externalData: ExternalData = NO_EXTERNAL_DATA,
): ResultsFile<'detection'> {
  return build('detection', videos, externalData, (s: ScoredSegment): DetectionEntry => ({
    label: s.label,
    score: s.score,
    segment: { startSec: s.startSec, endSec: s.endSec },
  }));
}

/**
 * The suggested labelling in the detection format, marked as such (RESULTS_PRODUCT_KEY in
 * activitynet/types.ts) so that an import makes suggestions of it, not ranked detections.
 */
export function suggestionResults(
  videos: Iterable<readonly [string, readonly ScoredSegment[]]>,
  externalData: ExternalData = NO_EXTERNAL_DATA,
): ResultsFile<'detection'> {
  return { ...detectionResults(videos, externalData), product: 'suggestions' };
}

export function classificationResults(
  videos: Iterable<readonly [string, readonly VideoLabel[]]>,
  externalData: ExternalData = NO_EXTERNAL_DATA,
): ResultsFile<'classification'> {
  return build('classification', videos, externalData, (l: VideoLabel): ClassificationEntry => ({
    label: l.label,
    score: l.score,
  }));
}

export function proposalResults(
  videos: Iterable<
    readonly [string, readonly { startSec: number; endSec: number; score: number }[]]
  >,
  externalData: ExternalData = NO_EXTERNAL_DATA,
): ResultsFile<'proposals'> {
  return build('proposals', videos, externalData, (p): ProposalEntry => ({
    score: p.score,
    segment: { startSec: p.startSec, endSec: p.endSec },
  }));
}

/**
 * The JSON text of a results file, ending in a newline. Throws BAD_ARGUMENT on a non-finite
 * score or time, a segment that ends before it starts, or an empty label, naming where.
 */
export function serialiseResults<T extends ResultsTask>(file: ResultsFile<T>): string {
  const videos = [...file.videos].sort((a, b) => compareText(a.videoId, b.videoId));
  const lines: string[] = [];
  videos.forEach((video, v) => {
    if (v > 0 && video.videoId === videos[v - 1]?.videoId) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `results: video id "${video.videoId}" appears twice`,
      );
    }
    // Checked in input order (so the index in a message is the caller's), then sorted.
    const where = `results[${JSON.stringify(video.videoId)}]`;
    const body = video.entries
      .map((entry: AnyEntry, i) => ({ entry, json: entryJson(entry, `${where}[${i}]`) }))
      .sort((a, b) => compareEntries(a.entry, b.entry))
      .map(({ json }) => `      ${json}`);
    const comma = v < videos.length - 1 ? ',' : '';
    lines.push(
      body.length === 0
        ? `    ${JSON.stringify(video.videoId)}: []${comma}`
        : `    ${JSON.stringify(video.videoId)}: [\n${body.join(',\n')}\n    ]${comma}`,
    );
  });
  const external = {
    used: file.externalData.used ?? false,
    details: file.externalData.details ?? '',
  };
  return [
    '{',
    `  "version": ${JSON.stringify(file.version)},`,
    lines.length === 0 ? '  "results": {},' : `  "results": {\n${lines.join('\n')}\n  },`,
    `  "external_data": {"used": ${external.used}, "details": ${JSON.stringify(external.details)}}` +
      markerText(file),
    '}',
    '',
  ].join('\n');
}

/**
 * Actionline's own top-level key (types.ts), after the three the official evaluator reads:
 * the product of a suggestions file, and the runs a file was exported from. A detection file
 * that names runs names its product too, so that readers which know only the product read it.
 */
function markerText<T extends ResultsTask>(file: ResultsFile<T>): string {
  const key = JSON.stringify(RESULTS_PRODUCT_KEY);
  const product =
    file.product ?? (file.task === 'detection' && file.runs ? 'detections' : undefined);
  if (!file.runs) return product === 'suggestions' ? `,\n  ${key}: {"product": "suggestions"}` : '';
  const runs = [...file.runs]
    .sort((a, b) => a.runId - b.runId)
    .map((r) => {
      const videos = [...r.videoIds].sort(compareText).map((id) => JSON.stringify(id));
      return `      {"run": ${r.runId}, "model": ${JSON.stringify(r.modelId)}, "created_at": ${JSON.stringify(r.createdAt)}, "videos": [${videos.join(', ')}]}`;
    });
  return [
    `,\n  ${key}: {`,
    ...(product === undefined ? [] : [`    "product": ${JSON.stringify(product)},`]),
    runs.length === 0 ? '    "runs": []' : `    "runs": [\n${runs.join(',\n')}\n    ]`,
    '  }',
  ].join('\n');
}

/** Serialises and writes atomically (see atomicWrite.ts). */
export async function writeResultsFile<T extends ResultsTask>(
  filePath: string,
  file: ResultsFile<T>,
): Promise<void> {
  await writeTextAtomic(filePath, serialiseResults(file));
}

function build<T extends ResultsTask, In>(
  task: T,
  videos: Iterable<readonly [string, readonly In[]]>,
  externalData: ExternalData,
  toEntry: (item: In) => ResultsEntry<T>,
): ResultsFile<T> {
  const list: ResultsVideo<T>[] = [];
  for (const [videoId, items] of videos) list.push({ videoId, entries: items.map(toEntry) });
  return { task, version: RESULTS_VERSION, externalData, videos: list, warnings: [] };
}

type AnyEntry = { label?: string; score: number; segment?: { startSec: number; endSec: number } };

function entryJson(entry: AnyEntry, where: string): string {
  const parts: string[] = [];
  if (entry.label !== undefined) {
    if (typeof entry.label !== 'string' || entry.label === '') {
      throw new ActionlineError('BAD_ARGUMENT', `${where}.label: expected a non-empty class name`);
    }
    parts.push(`"label": ${JSON.stringify(entry.label)}`);
  }
  parts.push(`"score": ${finite(entry.score, `${where}.score`)}`);
  if (entry.segment !== undefined) {
    const { startSec, endSec } = entry.segment;
    const start = finite(startSec, `${where}.segment[0]`);
    const end = finite(endSec, `${where}.segment[1]`);
    if (endSec < startSec) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${where}.segment: ends (${end}) before it starts (${start})`,
      );
    }
    parts.push(`"segment": [${start}, ${end}]`);
  }
  return `{${parts.join(', ')}}`;
}

function finite(value: number, where: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${where}: ${String(value)} is not a finite number (JSON cannot hold it)`,
    );
  }
  return JSON.stringify(value);
}

function compareEntries(a: AnyEntry, b: AnyEntry): number {
  return (
    b.score - a.score ||
    (a.segment?.startSec ?? 0) - (b.segment?.startSec ?? 0) ||
    (a.segment?.endSec ?? 0) - (b.segment?.endSec ?? 0) ||
    compareText(a.label ?? '', b.label ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
