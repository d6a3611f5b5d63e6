import { importFileList, readImportTexts } from '../import/importFiles.ts';
import path from 'node:path';
import { ActionlineError } from '../../base/errors.ts';
import { formatError } from '../../activitynet/jsonChecks.ts';

/**
 * THUMOS14 temporal annotations as the challenge ships them (sources cited in
 * test/fixtures/formats/thumos14-gt/README.md): one text file per class and subset,
 * `<Class>_val.txt` or `<Class>_test.txt`, each line `video_name t_start t_end` in seconds,
 * separated by blanks; `Ambiguous_<subset>.txt` marks stretches the evaluation ignores.
 */
export interface ThumosGroundTruthFiles {
  kind: 'thumos14-gt-files';
  files: { name: string; text: string }[];
}

export interface ThumosGroundTruth {
  /** Videos in order of first appearance, with the subset of their file. */
  videos: { videoId: string; subset: string }[];
  segments: { videoId: string; label: string; startSec: number; endSec: number }[];
  warnings: string[];
}

export const THUMOS_FILE_NAME = /^(.+)_(val|test)\.txt$/;
export const THUMOS_SUBSETS: Readonly<Record<string, string>> = {
  val: 'validation',
  test: 'testing',
};
export const THUMOS_AMBIGUOUS = 'Ambiguous';

/** A folder of annotation files, or one annotation file. */
export async function readThumosGroundTruth(
  file: string,
  maxBytes: number,
): Promise<ThumosGroundTruthFiles> {
  const { files } = await importFileList(
    file,
    THUMOS_FILE_NAME,
    'THUMOS14 annotation files (<Class>_val.txt or <Class>_test.txt)',
  );
  const texts = await readImportTexts(file, files, maxBytes, 'a THUMOS14 annotation file');
  return {
    kind: 'thumos14-gt-files',
    files: texts.map(({ file: full, text }) => ({ name: path.basename(full), text })),
  };
}

export function isThumosGroundTruthFiles(input: unknown): input is ThumosGroundTruthFiles {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { kind?: unknown }).kind === 'thumos14-gt-files'
  );
}

/** Whether a path looks like THUMOS14 ground truth: a folder, or a `<Class>_val.txt`. */
export function isThumosPath(file: string, isDirectory: boolean): boolean {
  return isDirectory || THUMOS_FILE_NAME.test(path.basename(file));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseThumosGroundTruth(input: unknown, file: string): ThumosGroundTruth {
  if (!isThumosGroundTruthFiles(input)) {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: THUMOS14 ground truth is a folder of <Class>_val.txt / <Class>_test.txt files (or one of them), not JSON`,
      file,
    );
  }
  const subsetOf = new Map<string, { subset: string; where: string }>();
  const segments: ThumosGroundTruth['segments'] = [];
  let ambiguous = 0;
  for (const { name, text } of input.files) {
    const match = THUMOS_FILE_NAME.exec(name);
    if (!match) {
      throw formatError(file, name, 'expected a file named <Class>_val.txt or <Class>_test.txt');
    }
    const label = match[1]!;
    const subset = THUMOS_SUBSETS[match[2]!]!;
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, i) => {
      const where = `${name} line ${i + 1}`;
      const fields = line.trim().split(/\s+/);
      if (fields.length === 1 && fields[0] === '') return;
      if (fields.length !== 3) {
        throw formatError(file, where, `expected "video start end", got ${fields.length} field(s)`);
      }
      const [videoId, startText, endText] = fields as [string, string, string];
      if (!NUMBER.test(startText) || !NUMBER.test(endText)) {
        throw formatError(
          file,
          where,
          `expected start and end in seconds, got "${short(startText)}" "${short(endText)}"`,
        );
      }
      const startSec = Number(startText);
      const endSec = Number(endText);
      if (!Number.isFinite(startSec) || !Number.isFinite(endSec) || startSec < 0) {
        throw formatError(
          file,
          where,
          `start ${startText} and end ${endText} are no times in the video`,
        );
      }
      if (endSec < startSec)
        throw formatError(file, where, `end ${endSec} is before start ${startSec}`);
      const earlier = subsetOf.get(videoId);
      if (earlier === undefined) subsetOf.set(videoId, { subset, where });
      else if (earlier.subset !== subset) {
        throw formatError(
          file,
          where,
          `video "${short(videoId)}" is in the ${subset} subset here and in the ${earlier.subset} subset at ${earlier.where}`,
        );
      }
      if (label === THUMOS_AMBIGUOUS) {
        ambiguous++;
        return;
      }
      segments.push({ videoId, label, startSec, endSec });
    });
  }
  const warnings: string[] = [];
  if (ambiguous > 0) {
    warnings.push(
      `${file}: ${ambiguous} ${THUMOS_AMBIGUOUS} segment(s) left out (stretches THUMOS14's evaluation ignores, not an action)`,
    );
  }
  const videos = [...subsetOf].map(([videoId, { subset }]) => ({ videoId, subset }));
  return { videos, segments, warnings };
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
