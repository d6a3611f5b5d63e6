import { requiredAttribute, xmlError, childrenNamed, type XmlElement } from '../xml/parseXml.ts';
import type { EafVocabularies, EafVocabulary } from './eafVocabularies.ts';

/** TIME_SLOT_ID → its TIME_VALUE in ms, or null for an unaligned slot. */
export type TimeSlots = Map<string, { ms: number | null; path: string }>;

/** An annotation with its times in ms of the annotation timeline (TIME_ORIGIN not yet added). */
export interface TierAnnotation {
  annotator: string;
  startMs: number;
  endMs: number;
  label: string;
}

interface Stored {
  annotator: string;
  vocabulary: EafVocabulary | null;
  element: XmlElement;
  /** ALIGNABLE_ANNOTATION: its time slots; REF_ANNOTATION: the annotation it refers to. */
  slots: [string, string] | null;
  ref: string | null;
}

/** Longer chains of dependent tiers than this are refused as a loop would be. */
const MAX_REF_DEPTH = 1000;

/**
 * The annotations of every tier. A time-alignable annotation (`ALIGNABLE_ANNOTATION`) has
 * its two time slots; one whose slot has no TIME_VALUE (an unaligned slot, which ELAN places
 * by interpolation between aligned neighbours) is left out, counted. A symbolic annotation
 * of a dependent tier (`REF_ANNOTATION`) takes the times of the annotation it refers to
 * (following the chain to an aligned one), so a tier of labels attached to another tier's
 * segments keeps them. Labels are the annotation's value, or its vocabulary entry's value
 * where it names one (`CVE_REF`); empty ones are left out, counted.
 */
export function readTierAnnotations(
  root: XmlElement,
  slots: TimeSlots,
  vocabularies: EafVocabularies,
  file: string,
): { annotations: TierAnnotation[]; vocabularies: EafVocabulary[]; warnings: string[] } {
  const tierPaths = new Map<string, string>();
  const byId = new Map<string, Stored>();
  const used = new Set<EafVocabulary>();
  let external = 0;
  for (const tier of childrenNamed(root, 'TIER')) {
    const tierId = requiredAttribute(tier, 'TIER_ID', file);
    const earlier = tierPaths.get(tierId);
    if (earlier !== undefined) {
      throw xmlError(
        file,
        `${tier.path}@TIER_ID`,
        `"${tierId.slice(0, 80)}" appears twice (first at ${earlier})`,
      );
    }
    tierPaths.set(tierId, tier.path);
    const cvId = vocabularies.vocabularyOfType.get(tier.attributes.LINGUISTIC_TYPE_REF ?? '');
    let vocabulary = cvId === undefined ? null : (vocabularies.byId.get(cvId) ?? null);
    if (vocabulary?.external) {
      external++;
      vocabulary = null;
    }
    if (vocabulary !== null) used.add(vocabulary);
    const annotator = layerOfTier(tierId, tier.attributes.ANNOTATOR);
    for (const annotation of childrenNamed(tier, 'ANNOTATION')) {
      const stored = readAnnotation(annotation, annotator, vocabulary, file);
      const id = requiredAttribute(stored.element, 'ANNOTATION_ID', file);
      const same = byId.get(id);
      if (same !== undefined) {
        throw xmlError(
          file,
          `${stored.element.path}@ANNOTATION_ID`,
          `"${id.slice(0, 80)}" appears twice (first at ${same.element.path})`,
        );
      }
      byId.set(id, stored);
    }
  }

  const annotations: TierAnnotation[] = [];
  let unaligned = 0;
  let empty = 0;
  let inherited = 0;
  for (const stored of byId.values()) {
    const aligned = alignedOf(stored, byId, file);
    const times = timesOf(aligned, slots, file);
    if (times === null) {
      unaligned++;
      continue;
    }
    const label = labelOf(stored);
    if (label === '') {
      empty++;
      continue;
    }
    if (stored !== aligned) inherited++;
    annotations.push({ annotator: stored.annotator, ...times, label });
  }
  const warnings: string[] = [];
  if (inherited > 0) {
    warnings.push(
      `${file}: ${inherited} annotation(s) of dependent tiers (REF_ANNOTATION) take the times of the annotation they refer to`,
    );
  }
  if (unaligned > 0) {
    warnings.push(
      `${file}: ${unaligned} annotation(s) with an unaligned time slot (no TIME_VALUE) are left out`,
    );
  }
  if (empty > 0) warnings.push(`${file}: ${empty} annotation(s) without a value are left out`);
  if (external > 0) {
    warnings.push(
      `${file}: ${external} tier(s) use an external controlled vocabulary (EXT_REF), which is not read; their values are imported as they are`,
    );
  }
  return { annotations, vocabularies: [...used], warnings };
}

/**
 * A tier's layer: its name. Actionline's export puts one annotator's overlapping segments
 * (which ELAN does not allow on one tier) into tiers "<name> (2)", … with ANNOTATOR="<name>";
 * those go back into <name>'s layer.
 */
export function layerOfTier(tierId: string, annotator: string | undefined): string {
  if (annotator !== undefined && annotator !== '' && tierId.startsWith(`${annotator} (`)) {
    if (/^ \(\d+\)$/.test(tierId.slice(annotator.length))) return annotator;
  }
  return tierId;
}

function readAnnotation(
  annotation: XmlElement,
  annotator: string,
  vocabulary: EafVocabulary | null,
  file: string,
): Stored {
  const inner = annotation.children.filter(
    (c) => c.name === 'ALIGNABLE_ANNOTATION' || c.name === 'REF_ANNOTATION',
  );
  if (inner.length !== 1) {
    throw xmlError(
      file,
      annotation.path,
      `expected one ALIGNABLE_ANNOTATION or REF_ANNOTATION, found ${inner.length}`,
    );
  }
  const element = inner[0]!;
  if (element.name === 'ALIGNABLE_ANNOTATION') {
    const slots: [string, string] = [
      requiredAttribute(element, 'TIME_SLOT_REF1', file),
      requiredAttribute(element, 'TIME_SLOT_REF2', file),
    ];
    return { annotator, vocabulary, element, slots, ref: null };
  }
  const ref = requiredAttribute(element, 'ANNOTATION_REF', file);
  return { annotator, vocabulary, element, slots: null, ref };
}

/** The time-alignable annotation a (chain of) reference annotation(s) ends at. */
function alignedOf(stored: Stored, byId: Map<string, Stored>, file: string): Stored {
  let current = stored;
  for (let depth = 0; depth <= MAX_REF_DEPTH; depth++) {
    if (current.ref === null) return current;
    const next = byId.get(current.ref);
    if (next === undefined) {
      throw xmlError(
        file,
        `${current.element.path}@ANNOTATION_REF`,
        `"${current.ref.slice(0, 80)}" is no ANNOTATION_ID in this file`,
      );
    }
    current = next;
  }
  throw xmlError(
    file,
    `${stored.element.path}@ANNOTATION_REF`,
    `the chain of referred annotations is longer than ${MAX_REF_DEPTH} or a loop`,
  );
}

function timesOf(
  aligned: Stored,
  slots: TimeSlots,
  file: string,
): { startMs: number; endMs: number } | null {
  const [ref1, ref2] = aligned.slots!;
  const values = [ref1, ref2].map((ref, i) => {
    const slot = slots.get(ref);
    if (slot === undefined) {
      throw xmlError(
        file,
        `${aligned.element.path}@TIME_SLOT_REF${i + 1}`,
        `"${ref.slice(0, 80)}" is no TIME_SLOT_ID of TIME_ORDER`,
      );
    }
    return slot.ms;
  });
  const [startMs, endMs] = values;
  if (startMs === null || endMs === null || startMs === undefined || endMs === undefined) {
    return null;
  }
  if (endMs < startMs) {
    throw xmlError(
      file,
      aligned.element.path,
      `ends (${ref2} = ${endMs} ms) before it starts (${ref1} = ${startMs} ms)`,
    );
  }
  return { startMs, endMs };
}

function labelOf(stored: Stored): string {
  const cveRef = stored.element.attributes.CVE_REF;
  if (cveRef !== undefined && stored.vocabulary !== null) {
    const value = stored.vocabulary.valueOfEntry.get(cveRef);
    if (value !== undefined) return value;
  }
  const value = stored.element.children.find((c) => c.name === 'ANNOTATION_VALUE');
  return value?.text.trim() ?? '';
}
