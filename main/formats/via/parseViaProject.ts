import {
  describe,
  expectArray,
  expectObject,
  expectString,
  formatError,
  keyPath,
} from '../../activitynet/jsonChecks.ts';
import { videoFileName } from '../labelStudio/videoName.ts';
import { videoIdFromPath } from '../videoId.ts';

/**
 * A VIA 3 project file (VGG Image Annotator 3, its video annotator; sources cited in
 * test/fixtures/formats/via/README.md): `project`, `config`, `attribute`, `file`, `view`,
 * `metadata`. A temporal segment is a metadata entry with `z: [start, end]` in seconds and
 * no spatial region (`xy: []`); its label is the value (`av`) of the project's temporal
 * segment attribute (anchor `FILE1_Z2_XY0`): the text of a text attribute, the option's
 * name where the attribute has options. An attribute named "annotator" (as Actionline's
 * export writes) names each segment's layer.
 */
export interface ViaSegment {
  videoId: string;
  startSec: number;
  endSec: number;
  label: string;
  /** The segment's "annotator" attribute value, or null. */
  annotator: string | null;
}

export interface ViaProject {
  /** Video ids in the order of the views that first name them. */
  videoIds: string[];
  segments: ViaSegment[];
  warnings: string[];
}

/** Where VIA puts the attributes of temporal segments (`_via_attribute.js`). */
export const VIA_TEMPORAL_ANCHOR = 'FILE1_Z2_XY0';
export const VIA_ANNOTATOR_ATTRIBUTE = 'annotator';

/** Whether parsed JSON has a VIA 3 project's shape. */
export function isViaProject(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  return ['project', 'attribute', 'file', 'view', 'metadata'].every((key) =>
    Object.hasOwn(json, key),
  );
}

interface Attribute {
  aid: string;
  name: string;
  anchor: string;
  options: Record<string, string>;
}

export function parseViaProject(json: unknown, file: string): ViaProject {
  const root = expectObject(json, '', file);
  expectObject(root.project, 'project', file);
  const attributes = parseAttributes(root.attribute, file);
  const files = parseFiles(root.file, file);
  const views = parseViews(root.view, files, file);
  const temporal = attributes.filter((a) => a.anchor === VIA_TEMPORAL_ANCHOR);
  const annotatorAttribute = temporal.find((a) => a.name.toLowerCase() === VIA_ANNOTATOR_ATTRIBUTE);
  const labelAttribute = temporal.find((a) => a !== annotatorAttribute);
  const metadata = expectObject(root.metadata, 'metadata', file);
  const segments: ViaSegment[] = [];
  let notTemporal = 0;
  let unlabelled = 0;
  for (const [mid, value] of Object.entries(metadata)) {
    const path = keyPath('metadata', mid);
    const entry = expectObject(value, path, file);
    const vid = viewId(entry.vid, `${path}.vid`, file);
    const videoId = views.get(vid);
    if (videoId === undefined) {
      throw formatError(file, `${path}.vid`, `view "${vid}" is not in "view"`);
    }
    const z = expectArray(entry.z, `${path}.z`, file);
    z.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw formatError(
          file,
          `${path}.z[${i}]`,
          `expected a time in seconds, got ${describe(t)}`,
        );
      }
    });
    const xy = entry.xy === undefined ? [] : expectArray(entry.xy, `${path}.xy`, file);
    if (z.length !== 2 || xy.length > 0) {
      notTemporal++;
      continue;
    }
    const [startSec, endSec] = z as [number, number];
    if (startSec < 0) throw formatError(file, `${path}.z`, `start ${startSec} is negative`);
    if (endSec < startSec) {
      throw formatError(file, `${path}.z`, `end ${endSec} is before start ${startSec}`);
    }
    const av = expectObject(entry.av ?? {}, `${path}.av`, file);
    if (labelAttribute === undefined) {
      throw formatError(
        file,
        'attribute',
        `no temporal segment attribute (anchor_id "${VIA_TEMPORAL_ANCHOR}") to read the labels of the segments from (first at ${path})`,
      );
    }
    const label = attributeValue(av, labelAttribute, `${path}.av`, file);
    if (label === null) {
      unlabelled++;
      continue;
    }
    const annotator =
      annotatorAttribute === undefined
        ? null
        : attributeValue(av, annotatorAttribute, `${path}.av`, file);
    segments.push({ videoId, startSec, endSec, label, annotator });
  }
  const warnings: string[] = [];
  if (notTemporal > 0) {
    warnings.push(
      `${file}: ${notTemporal} metadata entr${notTemporal === 1 ? 'y is' : 'ies are'} no temporal segment (spatial regions, time markers) and left out`,
    );
  }
  if (unlabelled > 0) {
    warnings.push(
      `${file}: ${unlabelled} temporal segment(s) without a value of "${labelAttribute!.name}" left out`,
    );
  }
  const others = temporal.filter((a) => a !== labelAttribute && a !== annotatorAttribute);
  if (others.length > 0 && segments.length > 0) {
    warnings.push(
      `${file}: labels read from the attribute "${labelAttribute!.name}"; the other temporal segment attributes (${others.map((a) => `"${a.name}"`).join(', ')}) are left out`,
    );
  }
  return { videoIds: [...new Set(views.values())], segments, warnings };
}

function parseAttributes(value: unknown, file: string): Attribute[] {
  const object = expectObject(value, 'attribute', file);
  const attributes = Object.entries(object).map(([aid, raw]): Attribute => {
    const path = keyPath('attribute', aid);
    const entry = expectObject(raw, path, file);
    const options: Record<string, string> = Object.create(null) as Record<string, string>;
    if (entry.options !== undefined) {
      const raw = expectObject(entry.options, `${path}.options`, file);
      for (const [oid, name] of Object.entries(raw)) {
        options[oid] = expectString(name, keyPath(`${path}.options`, oid), file);
      }
    }
    return {
      aid,
      name: expectString(entry.aname, `${path}.aname`, file),
      anchor:
        entry.anchor_id === undefined
          ? ''
          : expectString(entry.anchor_id, `${path}.anchor_id`, file),
      options,
    };
  });
  // VIA numbers attributes 1, 2, …; the first temporal one is the label, as its segmenter groups by it.
  return attributes.sort((a, b) => Number(a.aid) - Number(b.aid) || (a.aid < b.aid ? -1 : 1));
}

function parseFiles(value: unknown, file: string): Map<string, string> {
  const object = expectObject(value, 'file', file);
  const files = new Map<string, string>();
  for (const [fid, raw] of Object.entries(object)) {
    const path = keyPath('file', fid);
    const entry = expectObject(raw, path, file);
    const fname = expectString(entry.fname, `${path}.fname`, file);
    const videoId = videoIdFromPath(videoFileName(fname));
    if (videoId === '') throw formatError(file, `${path}.fname`, 'names no file');
    files.set(fid, videoId);
  }
  return files;
}

function parseViews(
  value: unknown,
  files: ReadonlyMap<string, string>,
  file: string,
): Map<string, string> {
  const object = expectObject(value, 'view', file);
  const views = new Map<string, string>();
  for (const [vid, raw] of Object.entries(object)) {
    const path = keyPath('view', vid);
    const entry = expectObject(raw, path, file);
    const fids = expectArray(entry.fid_list, `${path}.fid_list`, file);
    if (fids.length !== 1) {
      throw formatError(
        file,
        `${path}.fid_list`,
        `expected one file (a video), got ${describe(fids)}: views of several files are not video annotation`,
      );
    }
    const fid = viewId(fids[0], `${path}.fid_list[0]`, file);
    const videoId = files.get(fid);
    if (videoId === undefined)
      throw formatError(file, `${path}.fid_list[0]`, `file "${fid}" is not in "file"`);
    views.set(vid, videoId);
  }
  return views;
}

/** VIA writes ids as strings, its demo projects as numbers: both are the same key. */
function viewId(value: unknown, path: string, file: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return expectString(value, path, file);
}

/** The segment's value of an attribute, an option's name where it has options; null if none. */
function attributeValue(
  av: Record<string, unknown>,
  attribute: Attribute,
  path: string,
  file: string,
): string | null {
  if (!Object.hasOwn(av, attribute.aid)) return null;
  const value = expectString(av[attribute.aid], keyPath(path, attribute.aid), file);
  const named = Object.hasOwn(attribute.options, value) ? attribute.options[value]! : value;
  return named.trim() === '' ? null : named;
}
