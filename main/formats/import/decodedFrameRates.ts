import type { DatabaseSync } from 'node:sqlite';
import { rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import { importedFrameRates } from './importLog.ts';
import type { ImportSummary } from './types.ts';

/**
 * The frame rate of imports whose frame numbers count a video's decoded frames (FiftyOne
 * supports, CVAT tags, CSV rows in frames): the video's probed rate, else the rate the user
 * gave (`--fps`), else the rate an earlier import read it at, else the format's fallback.
 * What is not probed is said in a warning and recorded, so that an export before the media is
 * probed writes the same frames back, and the segments are re-mapped once it is
 * (remapFrameRates.ts). Label Studio is not one of these: its frames are its player's.
 */
export type RateSource = 'probed' | 'option' | 'imported' | 'fallback';

export interface VideoRate {
  fps: Rational;
  source: RateSource;
  variable: boolean;
}

export interface RateRules {
  /** The rate frames are read at when nothing else gives one. */
  fallbackFps: number;
  /** Why nothing else gave one, for the warning: "CVAT keeps no frame rate". */
  fallbackWhy: string;
  /** The rate the user gave for videos without a probed one. */
  optionFps?: Rational;
}

export function decodedFrameRates(
  db: DatabaseSync,
  videoIds: Iterable<string>,
  rules: RateRules,
): Map<string, VideoRate> {
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
    } else if (rules.optionFps !== undefined) {
      rates.set(videoId, { fps: rules.optionFps, source: 'option', variable });
    } else {
      const earlier = imported.get(videoId);
      rates.set(videoId, {
        fps: { num: earlier ?? rules.fallbackFps, den: 1 },
        source: earlier === undefined ? 'fallback' : 'imported',
        variable,
      });
    }
  }
  return rates;
}

/**
 * What an import adds to its summary for these rates: a warning naming which videos were read
 * at which rate (and those of variable rate), and the rates of the videos not probed, to be
 * re-mapped once they are.
 */
export function rateSummary(
  rates: ReadonlyMap<string, VideoRate>,
  file: string,
  rules: RateRules,
): Pick<ImportSummary, 'frameRates' | 'remapWhenProbed' | 'warnings'> {
  const groups: [RateSource, string][] = [
    ['probed', "the project's probed rate"],
    ['option', '--fps (adding the video later re-maps them to its probed rate)'],
    ['imported', 'the rate an earlier import read them at (media not probed)'],
    [
      'fallback',
      `${rules.fallbackFps} fps (${rules.fallbackWhy} and the media is not probed: adding the video later re-maps them to its probed rate)`,
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
  // No prototype: a video id such as "__proto__" is a key like any other.
  const frameRates = Object.create(null) as Record<string, number>;
  for (const [videoId, rate] of rates) {
    if (rate.source !== 'probed') frameRates[videoId] = rationalToNumber(rate.fps);
  }
  return {
    frameRates,
    ...(Object.keys(frameRates).length > 0 && { remapWhenProbed: true }),
    warnings,
  };
}

const LISTED = 5;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
