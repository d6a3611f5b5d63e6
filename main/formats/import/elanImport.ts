import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';
import { parseEafDocument, type EafDocument } from '../elan/parseEaf.ts';
import { isEafFiles, isEafPath, readEafFiles } from '../elan/readEafFiles.ts';
import { ensureCustomLabelSet } from './customLabelSet.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import type { ImportOptions, ImportSummary } from './types.ts';
import { writeLayers, type LayerAnnotation } from './writeLayers.ts';

export interface ElanPlan extends BaseImportPlan {
  format: 'elan';
  kind: 'groundTruth';
  documents: EafDocument[];
}

/**
 * ELAN annotation documents (formats/elan/): one .eaf, or a folder of them (one per video,
 * as the export writes). Each tier becomes an annotator's layer named after the tier
 * (`--annotator NAME` puts every tier into NAME's layer, said in a warning); the controlled
 * vocabularies of the tiers become label sets; the document's video is the one its media
 * descriptor names (MEDIA_URL, else RELATIVE_MEDIA_URL, else the .eaf's own name: the first
 * of these the project has, else the first), with TIME_ORIGIN added to every time.
 */
export const elanImport: ImportFormat<ElanPlan> = {
  name: 'elan',
  title:
    'ELAN annotation documents (.eaf, or a folder of them): one tier per annotator, times in ms, controlled vocabularies as label sets',
  detect: () => false,
  claimsPath: isEafPath,
  readPath: readEafFiles,
  plan(input, file) {
    if (!isEafFiles(input)) {
      throw new ActionlineError(
        'BAD_FORMAT',
        `${file}: ELAN files are XML (.eaf), or a folder of them, not JSON`,
        file,
      );
    }
    const documents = input.documents.map((d) => parseEafDocument(d.root, d.file));
    return {
      format: 'elan',
      kind: 'groundTruth',
      file,
      documents,
      warnings: documents.flatMap((d) => d.warnings),
      groundTruth: true,
    };
  },
  write: writeElan,
  contents: () => 'ELAN tiers',
};

function writeElan(db: DatabaseSync, plan: ElanPlan, options: ImportOptions): ImportSummary {
  const known = new Set(
    (db.prepare('SELECT id FROM videos').all() as { id: string }[]).map((r) => r.id),
  );
  const videoOf = new Map<string, string>();
  const videos: { videoId: string }[] = [];
  const annotations: LayerAnnotation[] = [];
  const warnings: string[] = [];
  for (const document of plan.documents) {
    const videoId = document.videoIds.find((id) => known.has(id)) ?? document.videoIds[0]!;
    const earlier = videoOf.get(videoId);
    if (earlier !== undefined) {
      warnings.push(
        `${document.file}: its video "${videoId}" is also that of ${earlier}; the tiers of both are imported together`,
      );
    } else {
      videoOf.set(videoId, document.file);
      videos.push({ videoId });
    }
    for (const s of document.segments) {
      annotations.push({
        videoId,
        segment: { startSec: s.startSec, endSec: s.endSec },
        label: s.label,
        annotator: s.annotator,
      });
    }
  }
  // Label sets first: the unknown-label warning of writeLayers then checks against them.
  let labelSetId: number | null = null;
  const stored = new Set<string>();
  for (const vocabulary of plan.documents.flatMap((d) => d.vocabularies)) {
    const key = JSON.stringify([vocabulary.id, vocabulary.labels]);
    if (stored.has(key)) continue;
    stored.add(key);
    const title = vocabulary.id.trim().slice(0, 200) || 'ELAN vocabulary';
    const set = ensureCustomLabelSet(db, title, vocabulary.labels, plan.file);
    labelSetId ??= set?.id ?? null;
  }
  const summary = writeLayers(db, plan.file, videos, annotations, options);
  return { ...summary, labelSetId, warnings: [...warnings, ...summary.warnings] };
}
