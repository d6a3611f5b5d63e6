import path from 'node:path';
import { videoFileName } from '../labelStudio/videoName.ts';
import { videoIdFromPath } from '../videoId.ts';
import {
  childNamed,
  childrenNamed,
  requiredAttribute,
  wholeNumberAttribute,
  xmlError,
  type XmlElement,
} from '../xml/parseXml.ts';
import { parseVocabularies, type EafVocabulary } from './eafVocabularies.ts';
import { readTierAnnotations, type TimeSlots } from './eafTiers.ts';

/**
 * One ELAN annotation document (.eaf; sources in test/fixtures/formats/elan/README.md):
 * `HEADER` with the linked media, `TIME_ORDER` with time slots in milliseconds, `TIER`s of
 * annotations. Every tier becomes an annotator's layer (tier name = annotator); each
 * annotation with both time slots aligned becomes a segment [start, end) in seconds of the
 * media, where ELAN's `TIME_ORIGIN` (the media offset: annotation time 0 is that many
 * milliseconds into the file, ELAN's MediaDescriptor) is added.
 */
export interface EafSegment {
  /** The layer: the tier's name (an overflow tier of Actionline's export: its annotator's). */
  annotator: string;
  startSec: number;
  endSec: number;
  label: string;
}

export interface EafDocument {
  /** The .eaf file, for messages. */
  file: string;
  /**
   * Video ids this document may be of, best first: the file name of MEDIA_URL, of
   * RELATIVE_MEDIA_URL, then the .eaf file's own name; the import takes the first the
   * project has, else the first.
   */
  videoIds: string[];
  timeOriginMs: number;
  segments: EafSegment[];
  /** The vocabularies of the tiers read, in tier order, once each. */
  vocabularies: EafVocabulary[];
  warnings: string[];
}

export function parseEafDocument(root: XmlElement, file: string): EafDocument {
  if (root.name !== 'ANNOTATION_DOCUMENT') {
    throw xmlError(
      file,
      root.path,
      `expected an ELAN ANNOTATION_DOCUMENT as the root element, found ${root.name}`,
    );
  }
  const header = childNamed(root, 'HEADER');
  if (header === null) throw xmlError(file, root.path, 'has no HEADER');
  const units = header.attributes.TIME_UNITS;
  if (units !== undefined && units !== 'milliseconds') {
    throw xmlError(
      file,
      `${header.path}@TIME_UNITS`,
      `time units "${units.slice(0, 40)}" are not read, only "milliseconds" (ELAN writes milliseconds: open and save the file in ELAN)`,
    );
  }
  const warnings: string[] = [];
  const media = chooseMedia(header, file, warnings);
  const slots = parseTimeSlots(root, file);
  const vocabularies = parseVocabularies(root, file);
  const tiers = readTierAnnotations(root, slots, vocabularies, file);
  warnings.push(...tiers.warnings);

  const segments: EafSegment[] = [];
  let clipped = 0;
  let beforeMedia = 0;
  for (const a of tiers.annotations) {
    const startMs = a.startMs + media.timeOriginMs;
    const endMs = a.endMs + media.timeOriginMs;
    if (endMs <= 0 && a.endMs > a.startMs) {
      beforeMedia++;
      continue;
    }
    if (startMs < 0) clipped++;
    segments.push({
      annotator: a.annotator,
      startSec: Math.max(0, startMs) / 1000,
      endSec: Math.max(0, endMs) / 1000,
      label: a.label,
    });
  }
  if (beforeMedia > 0) {
    warnings.push(
      `${file}: ${beforeMedia} annotation(s) end before the media starts (TIME_ORIGIN ${media.timeOriginMs} ms) and are left out`,
    );
  }
  if (clipped > 0) {
    warnings.push(
      `${file}: ${clipped} annotation(s) start before the media starts (TIME_ORIGIN ${media.timeOriginMs} ms) and begin at 0`,
    );
  }
  const ownName = videoIdFromPath(path.basename(file));
  const videoIds = [...new Set([...media.ids, ownName])].filter((id) => id !== '');
  if (videoIds.length === 0) {
    throw xmlError(file, header.path, 'names no media file, and the .eaf file has no name to use');
  }
  return {
    file,
    videoIds,
    timeOriginMs: media.timeOriginMs,
    segments,
    vocabularies: tiers.vocabularies,
    warnings,
  };
}

/** The first video descriptor (MIME type video/…), else the first of any kind. */
function chooseMedia(
  header: XmlElement,
  file: string,
  warnings: string[],
): { ids: string[]; timeOriginMs: number } {
  const descriptors = childrenNamed(header, 'MEDIA_DESCRIPTOR');
  if (descriptors.length === 0) return { ids: [], timeOriginMs: 0 };
  const videos = descriptors.filter((d) => (d.attributes.MIME_TYPE ?? '').startsWith('video/'));
  const chosen = videos[0] ?? descriptors[0]!;
  const urls = [chosen.attributes.MEDIA_URL, chosen.attributes.RELATIVE_MEDIA_URL];
  const ids = urls
    .filter((u): u is string => u !== undefined)
    .map((u) => videoIdFromPath(videoFileName(u)))
    .filter((id) => id !== '');
  if (videos.length > 1) {
    warnings.push(
      `${file}: it links ${videos.length} videos; its annotations are read as those of the first (${ids[0] ?? 'unnamed'})`,
    );
  }
  return { ids, timeOriginMs: timeOrigin(chosen, file) };
}

/** TIME_ORIGIN is an xsd:long in milliseconds; absent means 0. */
function timeOrigin(descriptor: XmlElement, file: string): number {
  const text = descriptor.attributes.TIME_ORIGIN?.trim();
  if (text === undefined || text === '') return 0;
  const value = /^[+-]?\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw xmlError(
      file,
      `${descriptor.path}@TIME_ORIGIN`,
      `expected a whole number of milliseconds, found ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return value;
}

function parseTimeSlots(root: XmlElement, file: string): TimeSlots {
  const order = childNamed(root, 'TIME_ORDER');
  if (order === null) throw xmlError(file, root.path, 'has no TIME_ORDER');
  const slots: TimeSlots = new Map();
  for (const slot of childrenNamed(order, 'TIME_SLOT')) {
    const id = requiredAttribute(slot, 'TIME_SLOT_ID', file);
    const earlier = slots.get(id);
    if (earlier !== undefined) {
      throw xmlError(
        file,
        `${slot.path}@TIME_SLOT_ID`,
        `"${id.slice(0, 80)}" appears twice (first at ${earlier.path})`,
      );
    }
    const ms =
      slot.attributes.TIME_VALUE === undefined
        ? null
        : wholeNumberAttribute(slot, 'TIME_VALUE', file);
    slots.set(id, { ms, path: slot.path });
  }
  return slots;
}
