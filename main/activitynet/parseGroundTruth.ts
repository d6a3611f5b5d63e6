import {
  ZeroLengthTally,
  expectArray,
  expectFiniteNumber,
  expectNumberOrNull,
  expectObject,
  expectSegment,
  expectString,
  expectStringOrNull,
  formatError,
  indexPath,
  keyPath,
  optionalString,
} from './jsonChecks.ts';
import { readJsonFile } from './readJsonFile.ts';
import type {
  GroundTruthAnnotation,
  GroundTruthFile,
  GroundTruthVideo,
  TaxonomyNode,
} from './types.ts';

/** Reads and validates an ActivityNet v1.3 ground-truth ("database") file. */
export async function readGroundTruthFile(file: string): Promise<GroundTruthFile> {
  return parseGroundTruth(await readJsonFile(file), file);
}

/**
 * Validates parsed JSON as ActivityNet v1.3 ground truth. `version`, `taxonomy` and
 * `database` are required (as in the official toolkit); unknown fields are ignored.
 */
export function parseGroundTruth(json: unknown, file: string): GroundTruthFile {
  const root = expectObject(json, '', file);
  for (const field of ['version', 'taxonomy', 'database']) {
    if (!(field in root))
      throw formatError(
        file,
        field,
        'missing (an ActivityNet ground-truth file has version, taxonomy and database)',
      );
  }
  const version = expectString(root.version, 'version', file);
  const taxonomy = expectArray(root.taxonomy, 'taxonomy', file).map((node, i) =>
    parseTaxonomyNode(node, indexPath('taxonomy', i), file),
  );
  const database = expectObject(root.database, 'database', file);
  const zeroLength = new ZeroLengthTally();
  const videos: GroundTruthVideo[] = [];
  for (const [videoId, entry] of Object.entries(database)) {
    videos.push(parseVideo(videoId, entry, keyPath('database', videoId), file, zeroLength));
  }
  return { version, taxonomy, videos, warnings: zeroLength.warning(file) };
}

function parseTaxonomyNode(value: unknown, path: string, file: string): TaxonomyNode {
  const node = expectObject(value, path, file);
  return {
    nodeId: expectFiniteNumber(node.nodeId, keyPath(path, 'nodeId'), file),
    nodeName: expectString(node.nodeName, keyPath(path, 'nodeName'), file),
    parentId: expectNumberOrNull(node.parentId, keyPath(path, 'parentId'), file),
    parentName: expectStringOrNull(node.parentName, keyPath(path, 'parentName'), file),
  };
}

function parseVideo(
  videoId: string,
  value: unknown,
  path: string,
  file: string,
  zeroLength: ZeroLengthTally,
): GroundTruthVideo {
  const video = expectObject(value, path, file);
  const durationSec = expectFiniteNumber(video.duration, keyPath(path, 'duration'), file);
  if (durationSec < 0)
    throw formatError(
      file,
      keyPath(path, 'duration'),
      `expected a duration ≥ 0, got ${durationSec}`,
    );
  const annotationsPath = keyPath(path, 'annotations');
  const annotations = expectArray(video.annotations, annotationsPath, file).map(
    (ann, i): GroundTruthAnnotation => {
      const annPath = indexPath(annotationsPath, i);
      const fields = expectObject(ann, annPath, file);
      const segment = expectSegment(fields.segment, keyPath(annPath, 'segment'), file);
      zeroLength.add(segment, keyPath(annPath, 'segment'));
      return { segment, label: expectString(fields.label, keyPath(annPath, 'label'), file) };
    },
  );
  const parsed: GroundTruthVideo = {
    videoId,
    subset: expectString(video.subset, keyPath(path, 'subset'), file),
    durationSec,
    annotations,
  };
  const resolution = optionalString(video.resolution, keyPath(path, 'resolution'), file);
  const url = optionalString(video.url, keyPath(path, 'url'), file);
  if (resolution !== undefined) parsed.resolution = resolution;
  if (url !== undefined) parsed.url = url;
  return parsed;
}
