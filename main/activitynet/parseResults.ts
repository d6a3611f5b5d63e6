import {
  ZeroLengthTally,
  expectArray,
  expectFiniteNumber,
  expectObject,
  expectSegment,
  expectString,
  formatError,
  indexPath,
  keyPath,
} from './jsonChecks.ts';
import { readJsonFile } from './readJsonFile.ts';
import {
  RESULTS_PRODUCT_KEY,
  type ExternalData,
  type ResultsEntry,
  type ResultsFile,
  type ResultsProduct,
  type ResultsTask,
  type ResultsVideo,
} from './types.ts';

/** Reads and validates an ActivityNet results file of one task. */
export async function readResultsFile<T extends ResultsTask>(
  file: string,
  task: T,
): Promise<ResultsFile<T>> {
  return parseResults(await readJsonFile(file), file, task);
}

/**
 * Validates parsed JSON as an ActivityNet results file. `version`, `results` and
 * `external_data` are required (as in the official toolkit). Entries carry `score` and, per
 * task, `label` (detection, classification) and `segment` (detection, proposals); other
 * fields are ignored, so a detection file also reads as a proposal file. Actionline's marker
 * of the product a detection file holds (`"actionline": {"product": …}`) is read when there.
 */
export function parseResults<T extends ResultsTask>(
  json: unknown,
  file: string,
  task: T,
): ResultsFile<T> {
  const root = expectObject(json, '', file);
  for (const field of ['version', 'results', 'external_data']) {
    if (!(field in root))
      throw formatError(
        file,
        field,
        'missing (an ActivityNet results file has version, results and external_data)',
      );
  }
  const version = expectString(root.version, 'version', file);
  const externalData = parseExternalData(root.external_data, file);
  const results = expectObject(root.results, 'results', file);
  const wantsLabel = task !== 'proposals';
  const wantsSegment = task !== 'classification';
  const zeroLength = new ZeroLengthTally();
  const videos: ResultsVideo<T>[] = [];
  for (const [videoId, list] of Object.entries(results)) {
    const videoPath = keyPath('results', videoId);
    const entries = expectArray(list, videoPath, file).map((value, i) => {
      const path = indexPath(videoPath, i);
      const fields = expectObject(value, path, file);
      const entry: { label?: string; score: number; segment?: ReturnType<typeof expectSegment> } = {
        score: expectFiniteNumber(fields.score, keyPath(path, 'score'), file),
      };
      if (wantsLabel) entry.label = expectString(fields.label, keyPath(path, 'label'), file);
      if (wantsSegment) {
        entry.segment = expectSegment(fields.segment, keyPath(path, 'segment'), file);
        zeroLength.add(entry.segment, keyPath(path, 'segment'));
      }
      // The fields that the task needs were checked just above.
      return entry as ResultsEntry<T>;
    });
    videos.push({ videoId, entries });
  }
  const product = parseProduct(root, file);
  return {
    task,
    version,
    externalData,
    videos,
    ...(product === undefined ? {} : { product }),
    warnings: zeroLength.warning(file),
  };
}

const PRODUCTS: readonly ResultsProduct[] = ['detections', 'suggestions'];

/** Actionline's marker of the product a file holds (types.ts), when the file has one. */
function parseProduct(root: Record<string, unknown>, file: string): ResultsProduct | undefined {
  if (!Object.hasOwn(root, RESULTS_PRODUCT_KEY)) return undefined;
  const marker = expectObject(root[RESULTS_PRODUCT_KEY], RESULTS_PRODUCT_KEY, file);
  // A classification or proposal file names its runs there and no product.
  if (marker.product === undefined) return undefined;
  const where = keyPath(RESULTS_PRODUCT_KEY, 'product');
  const product = expectString(marker.product, where, file);
  if (!(PRODUCTS as readonly string[]).includes(product)) {
    throw formatError(
      file,
      where,
      `expected "detections" or "suggestions" (which of a run's products the file holds), got ${JSON.stringify(product)}`,
    );
  }
  return product as ResultsProduct;
}

function parseExternalData(value: unknown, file: string): ExternalData {
  const fields = expectObject(value, 'external_data', file);
  const parsed: ExternalData = {};
  if (fields.used !== undefined) {
    if (typeof fields.used !== 'boolean')
      throw formatError(file, 'external_data.used', 'expected true or false');
    parsed.used = fields.used;
  }
  if (fields.details !== undefined)
    parsed.details = expectString(fields.details, 'external_data.details', file);
  return parsed;
}
