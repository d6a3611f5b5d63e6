import type { DatabaseSync } from 'node:sqlite';
import { THUMOS_FILE_NAME, THUMOS_SUBSETS } from '../thumos14/groundTruthFiles.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { layerSegments, type LayerSelection } from './layerSegments.ts';
import { plainDecimal } from './numberText.ts';

/**
 * THUMOS14 ground truth as the challenge ships it (formats/thumos14/groundTruthFiles.ts): a
 * folder with one `<Class>_val.txt` / `<Class>_test.txt` per label and subset, each line
 * `video  start end` in seconds (two blanks after the name, as THUMOS14's own files have;
 * plain decimals with every float64 digit: the MATLAB toolkit reads them with textscan), videos by id then segments in export order. Validation videos
 * (and those without a subset) go to `_val`, testing videos to `_test`; other subsets, labels
 * that cannot be a file name and video ids with blanks are left out, counted in warnings.
 * Not the detection results (`thumos14`): the annotators' segments.
 */
export function thumos14GroundTruthText(
  db: DatabaseSync,
  selection: LayerSelection = {},
): ExportText {
  const subsetOf = new Map(
    (
      db.prepare('SELECT id, subset FROM videos').all() as { id: string; subset: string | null }[]
    ).map((v) => [v.id, v.subset ?? missingSubsetOf(selection)]),
  );
  const suffixOf = new Map(Object.entries(THUMOS_SUBSETS).map(([suffix, s]) => [s, suffix]));
  const files = new Map<string, string[]>();
  const videos = new Set<string>();
  const annotators = new Set<string>();
  const otherSubsets = new Map<string, number>();
  const badLabels = new Set<string>();
  let badIds = 0;
  let written = 0;
  for (const s of layerSegments(db, selection)) {
    const subset = subsetOf.get(s.videoId)!;
    const suffix = suffixOf.get(subset);
    if (suffix === undefined) {
      otherSubsets.set(subset, (otherSubsets.get(subset) ?? 0) + 1);
      continue;
    }
    const name = `${s.label}_${suffix}.txt`;
    if (!isFileName(s.label) || !THUMOS_FILE_NAME.test(name)) {
      badLabels.add(s.label);
      continue;
    }
    if (/\s/.test(s.videoId) || s.videoId === '') {
      badIds++;
      continue;
    }
    const where = `video "${s.videoId}"`;
    let lines = files.get(name);
    if (!lines) files.set(name, (lines = []));
    lines.push(
      `${s.videoId}  ${plainDecimal(s.startSec, where)} ${plainDecimal(s.endSec, where)}\n`,
    );
    videos.add(s.videoId);
    annotators.add(s.annotator);
    written++;
  }
  const warnings: string[] = [];
  if (annotators.size > 1 && selection.annotatorId === undefined) {
    warnings.push(
      `the segments of ${annotators.size} annotators (${[...annotators].sort().join(', ')}) are written together: THUMOS14 files have no annotator (choose one with --annotator)`,
    );
  }
  if (otherSubsets.size > 0) {
    const total = [...otherSubsets.values()].reduce((a, b) => a + b, 0);
    warnings.push(
      `${total} segment(s) left out: their videos' subset (${[...otherSubsets.keys()].sort().join(', ')}) has no THUMOS14 file (only validation → _val, testing → _test)`,
    );
  }
  if (badLabels.size > 0) {
    warnings.push(
      `segments of ${badLabels.size} label(s) left out: not usable as a file name (${[...badLabels]
        .sort()
        .slice(0, 5)
        .map((l) => JSON.stringify(l))
        .join(', ')})`,
    );
  }
  if (badIds > 0) {
    warnings.push(
      `${badIds} segment(s) left out: the video id holds blanks, which the lines cannot carry`,
    );
  }
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    text: '',
    files: sorted.map(([name, lines]) => ({ name, text: lines.join('') })),
    warnings,
    videoCount: videos.size,
    itemCount: written,
  };
}

/** A label the file system takes as one file name on every platform. */
function isFileName(label: string): boolean {
  return (
    label.trim() === label &&
    label !== '' &&
    label !== '.' &&
    label !== '..' &&
    !/[\\/:*?"<>|\u0000-\u001f\s]/.test(label)
  );
}
