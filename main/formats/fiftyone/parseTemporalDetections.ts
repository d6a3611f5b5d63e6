import {
  describe,
  expectArray,
  expectObject,
  expectString,
  formatError,
  indexPath,
  keyPath,
} from '../../activitynet/jsonChecks.ts';

/**
 * FiftyOne's `FiftyOneTemporalDetectionDataset` labels.json (sources cited in
 * test/fixtures/formats/fiftyone/README.md): `{"classes": [..] | null, "labels": {uuid:
 * [{label, support: [first, last], confidence?, attributes?}] | null}}`. The uuid is the
 * media file's name without its extension (Actionline's video id); `label` is an index into
 * `classes` where the file has classes (FiftyOne's exporter writes indices then), else the
 * label; `support` holds 1-based frame numbers, both ends inclusive. FiftyOne also reads
 * `timestamps: [first, last]` in seconds (its exporter's use_timestamps) in place of support.
 * An "annotator" attribute (Actionline's export writes one) names the layer.
 */
export type FiftyOneExtent =
  | { kind: 'frames'; first: number; last: number }
  | { kind: 'seconds'; first: number; last: number };

export interface FiftyOneDetection {
  label: string;
  extent: FiftyOneExtent;
  confidence: number | null;
  annotator: string | null;
}

export interface FiftyOneLabels {
  videos: { videoId: string; detections: FiftyOneDetection[] }[];
  warnings: string[];
}

const ROOT_KEYS = new Set(['classes', 'labels']);

/** A labels.json's shape: an object of "labels" (an object) and at most "classes". */
export function isFiftyOneLabels(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const labels = (json as Record<string, unknown>).labels;
  return (
    typeof labels === 'object' &&
    labels !== null &&
    !Array.isArray(labels) &&
    Object.keys(json).every((key) => ROOT_KEYS.has(key))
  );
}

export function parseFiftyOneLabels(json: unknown, file: string): FiftyOneLabels {
  const root = expectObject(json, '', file);
  for (const key of Object.keys(root)) {
    if (!ROOT_KEYS.has(key)) {
      throw formatError(
        file,
        keyPath('', key),
        'unknown key (a labels.json holds "classes" and "labels")',
      );
    }
  }
  const classes =
    root.classes === undefined || root.classes === null
      ? null
      : expectArray(root.classes, 'classes', file).map((c, i) =>
          expectString(c, indexPath('classes', i), file),
        );
  const labels = expectObject(root.labels, 'labels', file);
  const videos: FiftyOneLabels['videos'] = [];
  let confident = 0;
  for (const [uuid, value] of Object.entries(labels)) {
    const path = keyPath('labels', uuid);
    if (uuid.trim() === '') throw formatError(file, path, 'names no video');
    // FiftyOne writes null for a video without temporal detections.
    const list = value === null ? [] : expectArray(value, path, file);
    const detections = list.map((raw, i) => {
      const detection = parseDetection(raw, indexPath(path, i), classes, file);
      if (detection.confidence !== null) confident++;
      return detection;
    });
    videos.push({ videoId: uuid, detections });
  }
  const warnings: string[] = [];
  if (confident > 0) {
    warnings.push(
      `${file}: ${confident} detection(s) carry a confidence: imported as annotations, their confidences are not kept`,
    );
  }
  return { videos, warnings };
}

function parseDetection(
  raw: unknown,
  path: string,
  classes: readonly string[] | null,
  file: string,
): FiftyOneDetection {
  const entry = expectObject(raw, path, file);
  const label = labelOf(entry.label, `${path}.label`, classes, file);
  let extent: FiftyOneExtent;
  if (entry.support !== undefined) {
    const [first, last] = pair(entry.support, `${path}.support`, file);
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1) {
      throw formatError(
        file,
        `${path}.support`,
        `expected [first, last] frame numbers (whole, from 1), got [${first}, ${last}]`,
      );
    }
    if (last < first) {
      throw formatError(
        file,
        `${path}.support`,
        `last frame ${last} is before first frame ${first}`,
      );
    }
    extent = { kind: 'frames', first, last };
  } else if (entry.timestamps !== undefined) {
    const [first, last] = pair(entry.timestamps, `${path}.timestamps`, file);
    if (first < 0 || last < first) {
      throw formatError(
        file,
        `${path}.timestamps`,
        `expected 0 ≤ first ≤ last seconds, got [${first}, ${last}]`,
      );
    }
    extent = { kind: 'seconds', first, last };
  } else {
    throw formatError(file, path, 'has neither "support" nor "timestamps"');
  }
  let confidence: number | null = null;
  if (entry.confidence !== undefined && entry.confidence !== null) {
    if (typeof entry.confidence !== 'number' || !Number.isFinite(entry.confidence)) {
      throw formatError(
        file,
        `${path}.confidence`,
        `expected a number, got ${describe(entry.confidence)}`,
      );
    }
    confidence = entry.confidence;
  }
  let annotator: string | null = null;
  if (entry.attributes !== undefined && entry.attributes !== null) {
    const attributes = expectObject(entry.attributes, `${path}.attributes`, file);
    if (attributes.annotator !== undefined && attributes.annotator !== null) {
      annotator = expectString(attributes.annotator, `${path}.attributes.annotator`, file);
      if (annotator.trim() === '') annotator = null;
    }
  }
  return { label, extent, confidence, annotator };
}

/** A class index where the file has classes (FiftyOne's `classes[target]`), else the label. */
function labelOf(
  value: unknown,
  path: string,
  classes: readonly string[] | null,
  file: string,
): string {
  if (typeof value === 'number' && classes !== null) {
    if (!Number.isSafeInteger(value) || value < 0 || value >= classes.length) {
      throw formatError(
        file,
        path,
        `class index ${value} is not one of the ${classes.length} classes`,
      );
    }
    return classes[value]!;
  }
  const label = expectString(value, path, file);
  if (label.trim() === '') throw formatError(file, path, 'the label is empty');
  return label;
}

function pair(value: unknown, path: string, file: string): [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw formatError(file, path, `expected two numbers, got ${describe(value)}`);
  }
  return value as [number, number];
}
