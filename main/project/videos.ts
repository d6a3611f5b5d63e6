import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { toVideo } from './rowMapping.ts';
import type { NewVideo, VideoRecord } from './types.ts';

const COLUMN_OF: Record<string, string> = {
  path: 'path',
  url: 'url',
  fpsNum: 'fps_num',
  fpsDen: 'fps_den',
  frameCount: 'frame_count',
  variableFrameRate: 'variable_frame_rate',
  durationSec: 'duration_sec',
  startOffsetSec: 'start_offset_sec',
  widthPx: 'width_px',
  heightPx: 'height_px',
  resolution: 'resolution',
  sizeBytes: 'size_bytes',
  subset: 'subset',
  mediaNotes: 'media_notes',
};

/**
 * Adds a video, or fills in what is now known of one already there (a video imported from
 * ground truth by id, whose media is linked later). Fields left undefined are kept.
 */
export function upsertVideo(db: DatabaseSync, video: NewVideo): VideoRecord {
  if (video.id.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'video id is empty');
  const values = columnValues(video);
  const exists = db.prepare('SELECT 1 FROM videos WHERE id = ?').get(video.id) !== undefined;
  if (exists) {
    const columns = Object.keys(values);
    if (columns.length > 0) {
      db.prepare(`UPDATE videos SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
        ...columns.map((c) => values[c]!),
        video.id,
      );
    }
  } else {
    const position = (
      db.prepare('SELECT coalesce(max(position), -1) + 1 AS next FROM videos').get() as {
        next: number;
      }
    ).next;
    const all: Record<string, SQLInputValue> = {
      ...values,
      id: video.id,
      position,
      added_at: new Date().toISOString(),
    };
    const columns = Object.keys(all);
    db.prepare(
      `INSERT INTO videos (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ).run(...columns.map((c) => all[c]!));
  }
  return getVideo(db, video.id)!;
}

export function getVideo(db: DatabaseSync, id: string): VideoRecord | null {
  const row = db.prepare('SELECT * FROM videos WHERE id = ?').get(id);
  return row ? toVideo(row) : null;
}

export function requireVideo(db: DatabaseSync, id: string): VideoRecord {
  const video = getVideo(db, id);
  if (!video) throw new ActionlineError('BAD_ARGUMENT', `no video "${id}" in this project`);
  return video;
}

export function listVideos(db: DatabaseSync): VideoRecord[] {
  return db.prepare('SELECT * FROM videos ORDER BY position').all().map(toVideo);
}

function columnValues(video: NewVideo): Record<string, SQLInputValue> {
  const values: Record<string, SQLInputValue> = {};
  for (const [key, column] of Object.entries(COLUMN_OF)) {
    const value = (video as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) values[column] = value.length > 0 ? JSON.stringify(value) : null;
    else values[column] = typeof value === 'boolean' ? (value ? 1 : 0) : (value as SQLInputValue);
  }
  return values;
}
