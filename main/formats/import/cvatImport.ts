import { closeSync, openSync, readSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { frameStartSec, rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import { parseCvatXml, type CvatFile } from '../cvat/parseCvatXml.ts';
import { readImportXml } from '../xml/readImportXml.ts';
import type { XmlElement } from '../xml/parseXml.ts';
import { ensureCustomLabelSet } from './customLabelSet.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { importedFrameRates } from './importLog.ts';
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
    const rates = frameRates(
      db,
      data.videos.map((v) => v.videoId),
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
    const recorded = Object.create(null) as Record<string, number>;
    for (const [videoId, rate] of rates) {
      if (rate.source !== 'probed') recorded[videoId] = rationalToNumber(rate.fps);
    }
    return {
      ...summary,
      labelSetId: labelSet?.id ?? null,
      frameRates: recorded,
      remapWhenProbed: true,
      warnings: [...rateWarnings(rates, plan.file), ...summary.warnings],
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

type RateSource = 'probed' | 'imported' | 'fallback';

interface VideoRate {
  fps: Rational;
  source: RateSource;
  variable: boolean;
}

function frameRates(db: DatabaseSync, videoIds: readonly string[]): Map<string, VideoRate> {
  const select = db.prepare(
    'SELECT fps_num, fps_den, variable_frame_rate FROM videos WHERE id = ?',
  );
  const imported = importedFrameRates(db);
  const rates = new Map<string, VideoRate>();
  for (const videoId of videoIds) {
    const row = select.get(videoId) as
      { fps_num: number | null; fps_den: number | null; variable_frame_rate: number } | undefined;
    const variable = row?.variable_frame_rate === 1;
    if (row && row.fps_num !== null && row.fps_den !== null && row.fps_num > 0 && row.fps_den > 0) {
      rates.set(videoId, {
        fps: { num: row.fps_num, den: row.fps_den },
        source: 'probed',
        variable,
      });
      continue;
    }
    const earlier = imported.get(videoId);
    rates.set(videoId, {
      fps: { num: earlier ?? CVAT_FALLBACK_FPS, den: 1 },
      source: earlier === undefined ? 'fallback' : 'imported',
      variable,
    });
  }
  return rates;
}

const LISTED = 5;

function rateWarnings(rates: ReadonlyMap<string, VideoRate>, file: string): string[] {
  const groups: [RateSource, string][] = [
    ['probed', "the project's probed rate"],
    ['imported', 'the rate an earlier import read them at (media not probed)'],
    [
      'fallback',
      `${CVAT_FALLBACK_FPS} fps (CVAT keeps no frame rate and the media is not probed: link and probe it for frame-exact times)`,
    ],
  ];
  const parts = groups.flatMap(([source, what]) => {
    const ids = [...rates].filter(([, r]) => r.source === source);
    if (ids.length === 0) return [];
    const named = ids.map(([id, r]) => `${id} ${Number(rationalToNumber(r.fps).toFixed(3))} fps`);
    return [`${what} for ${ids.length} video(s) (${listed(named)})`];
  });
  const warnings =
    parts.length === 0 ? [] : [`${file}: frame numbers read at ${parts.join('; at ')}`];
  const variable = [...rates].filter(([, r]) => r.variable).map(([id]) => id);
  if (variable.length > 0) {
    warnings.push(
      `${file}: ${variable.length} video(s) have a variable frame rate (${listed(variable)}): frame numbers at one constant rate drift from the decoded frames`,
    );
  }
  return warnings;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
