import { closeSync, openSync, readSync } from 'node:fs';
import { frameStartSec } from '../../../shared/time/rational.ts';
import { parseCvatXml, type CvatFile } from '../cvat/parseCvatXml.ts';
import { readImportXml } from '../xml/readImportXml.ts';
import type { XmlElement } from '../xml/parseXml.ts';
import { ensureCustomLabelSet } from './customLabelSet.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { decodedFrameRates, rateSummary } from './decodedFrameRates.ts';
import type { ImportSummary } from './types.ts';
import { writeLayers, type LayerAnnotation } from './writeLayers.ts';

export interface CvatPlan extends BaseImportPlan {
  format: 'cvat';
  kind: 'groundTruth';
  data: CvatFile;
}

/**
 * CVAT keeps no frame rate in annotations.xml (its player shows frames, not seconds): the
 * rate frames are read at for a video whose media is not probed and that no earlier import
 * gave a rate.
 */
export const CVAT_FALLBACK_FPS = 30;

const CVAT_RATES = { fallbackFps: CVAT_FALLBACK_FPS, fallbackWhy: 'CVAT keeps no frame rate' };

/** The label set a CVAT task's labels become. */
export const CVAT_LABEL_SET_TITLE = 'CVAT labels';

/**
 * "CVAT for images 1.1" annotations.xml of a video task, job or project (formats/cvat/):
 * tags on consecutive frames become imported segments, in the layer of the task's assignee
 * (else owner), or of `--annotator NAME`, or "ground truth" where the file names nobody.
 * Frame f is f/fps at the video's probed rate, else at the rate an earlier import read it
 * at, else at 30 fps; a warning says which, and the rate is recorded so that an export
 * before the media is probed gives the same frames back (and the frames are re-mapped once
 * it is). The task's labels become a label set ("CVAT labels"), active where none is.
 */
export const cvatImport: ImportFormat<CvatPlan> = {
  name: 'cvat',
  title:
    'CVAT for images 1.1 annotations.xml of a video task (<annotations><meta><task>…, <image name="frame_000123"><tag label="…"/>): per-frame tags, merged into segments',
  detect: () => false,
  claimsPath: (file, isDirectory) => !isDirectory && /\.xml$/i.test(file) && hasCvatRoot(file),
  readPath: readImportXml,
  plan(input, file) {
    const data = parseCvatXml(input as XmlElement, file);
    return {
      format: 'cvat',
      kind: 'groundTruth',
      file,
      data,
      warnings: data.warnings,
      groundTruth: true,
    };
  },
  write(db, plan, options): ImportSummary {
    const { data } = plan;
    const rates = decodedFrameRates(
      db,
      data.videos.map((v) => v.videoId),
      CVAT_RATES,
    );
    const annotations: LayerAnnotation[] = data.segments.map((s) => {
      const fps = rates.get(s.videoId)!.fps;
      return {
        videoId: s.videoId,
        segment: {
          startSec: frameStartSec(s.firstFrame, fps),
          endSec: frameStartSec(s.endFrame, fps),
        },
        label: s.label,
        annotator: s.annotator,
      };
    });
    // The label set first, so that writeLayers checks the tags against it when it is active.
    const labelSet = ensureCustomLabelSet(db, CVAT_LABEL_SET_TITLE, data.labels, plan.file);
    const videos = data.videos.map((v) => ({ videoId: v.videoId }));
    const summary = writeLayers(db, plan.file, videos, annotations, options);
    const rated = rateSummary(rates, plan.file, CVAT_RATES);
    return {
      ...summary,
      ...rated,
      labelSetId: labelSet?.id ?? null,
      warnings: [...rated.warnings, ...summary.warnings],
    };
  },
  contents: () => 'CVAT tags',
};

/** Whether the file's first element is `<annotations>` (after a declaration and comments). */
function hasCvatRoot(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\ufeff/, '');
    return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<annotations[\s>/]/.test(text);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
