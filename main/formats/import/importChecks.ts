import { formatError, indexPath, keyPath } from '../../activitynet/jsonChecks.ts';
import type { GroundTruthFile, ResultsFile, ResultsTask } from '../../activitynet/types.ts';
import { PathTally } from './pathTally.ts';

/**
 * Checks that the ActivityNet parsers leave to the importer, because they concern storing
 * rather than evaluating: text that SQLite would alter or that the app cannot show (empty
 * ids and labels, unpaired UTF-16 surrogates, NUL characters) and node ids that are not
 * integers. Each failure names the JSON path; oddities that are real data (negative start
 * times, segments past the video's end, labels outside the taxonomy) become warnings.
 * Paths are rebuilt from the parsed lists, which keep the file's order and indices.
 */

export function checkGroundTruth(gt: GroundTruthFile, file: string): string[] {
  gt.taxonomy.forEach((node, i) => {
    const path = indexPath('taxonomy', i);
    expectInteger(node.nodeId, keyPath(path, 'nodeId'), file);
    if (node.parentId !== null) expectInteger(node.parentId, keyPath(path, 'parentId'), file);
    expectText(node.nodeName, keyPath(path, 'nodeName'), file);
    if (node.parentName !== null) expectText(node.parentName, keyPath(path, 'parentName'), file);
  });
  const taxonomyNames = new Set(gt.taxonomy.map((n) => n.nodeName));
  const negative = new PathTally('segments start before 0 s');
  const pastEnd = new PathTally("segments end after the video's duration");
  const untaxed = new PathTally('annotations have a label that the taxonomy lacks');
  for (const video of gt.videos) {
    const path = keyPath('database', video.videoId);
    expectVideoId(video.videoId, path, file);
    expectText(video.subset, keyPath(path, 'subset'), file);
    if (video.resolution !== undefined)
      expectText(video.resolution, keyPath(path, 'resolution'), file);
    if (video.url !== undefined) expectText(video.url, keyPath(path, 'url'), file);
    video.annotations.forEach((annotation, i) => {
      const annotationPath = indexPath(keyPath(path, 'annotations'), i);
      expectLabel(annotation.label, keyPath(annotationPath, 'label'), file);
      const segmentPath = keyPath(annotationPath, 'segment');
      if (annotation.segment.startSec < 0) negative.add(segmentPath);
      if (annotation.segment.endSec > video.durationSec) pastEnd.add(segmentPath);
      if (taxonomyNames.size > 0 && !taxonomyNames.has(annotation.label))
        untaxed.add(annotationPath);
    });
  }
  return [...negative.warning(file), ...pastEnd.warning(file), ...untaxed.warning(file)];
}

export function checkResults(results: ResultsFile<ResultsTask>, file: string): string[] {
  const negative = new PathTally('segments start before 0 s');
  for (const video of results.videos) {
    const path = keyPath('results', video.videoId);
    expectVideoId(video.videoId, path, file);
    video.entries.forEach((entry, i) => {
      const entryPath = indexPath(path, i);
      if ('label' in entry) expectLabel(entry.label, keyPath(entryPath, 'label'), file);
      if ('segment' in entry && entry.segment.startSec < 0)
        negative.add(keyPath(entryPath, 'segment'));
    });
  }
  return negative.warning(file);
}

/** Node ids are INTEGER columns; 1.5 or 1e300 would be refused (or rounded) by SQLite. */
function expectInteger(value: number, path: string, file: string): void {
  if (!Number.isSafeInteger(value))
    throw formatError(file, path, `expected an integer, got ${value}`);
}

function expectVideoId(id: string, path: string, file: string): void {
  if (id.length === 0) throw formatError(file, path, 'empty video id');
  expectText(id, path, file, 'video id');
}

export function expectLabel(label: string, path: string, file: string): void {
  if (label.trim().length === 0) throw formatError(file, path, 'empty label');
  expectText(label, path, file, 'label');
}

/**
 * SQLite stores UTF-8: an unpaired surrogate (valid in a JSON string escape) would become
 * U+FFFD, and a NUL character cuts the text short in many readers. Both are refused rather
 * than stored altered.
 */
export function expectText(value: string, path: string, file: string, what = 'text'): void {
  if (!value.isWellFormed()) {
    throw formatError(file, path, `${what} holds an unpaired UTF-16 surrogate (\\ud800–\\udfff)`);
  }
  if (value.includes('\u0000')) throw formatError(file, path, `${what} holds a NUL character`);
}
