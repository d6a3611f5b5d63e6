import type { MediaNote, SegmentRecord, VideoLabelRecord, VideoRecord } from './types.ts';

/** SQL rows (snake_case) to records (camelCase). SQLite integers arrive as numbers. */

type SqlRow = Record<string, unknown>;

export function toSegment(row: SqlRow): SegmentRecord {
  return {
    id: row.id as number,
    videoId: row.video_id as string,
    startSec: row.start_sec as number,
    endSec: row.end_sec as number,
    label: row.label as string,
    score: (row.score as number | null) ?? null,
    provenance: row.provenance as SegmentRecord['provenance'],
    runId: (row.run_id as number | null) ?? null,
    sourceSegmentId: (row.source_segment_id as number | null) ?? null,
    originalLabel: (row.original_label as string | null) ?? null,
    originalScore: (row.original_score as number | null) ?? null,
    annotatorId: (row.annotator_id as number | null) ?? null,
    annotatorName: (row.annotator_name as string | null | undefined) ?? null,
    createdById: (row.created_by as number | null) ?? null,
    updatedAt: row.updated_at as string,
    product: (row.product as SegmentRecord['product'] | undefined) ?? null,
  };
}

export function toVideo(row: SqlRow): VideoRecord {
  return {
    id: row.id as string,
    path: (row.path as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    fpsNum: (row.fps_num as number | null) ?? null,
    fpsDen: (row.fps_den as number | null) ?? null,
    frameCount: (row.frame_count as number | null) ?? null,
    variableFrameRate: row.variable_frame_rate === 1,
    durationSec: (row.duration_sec as number | null) ?? null,
    startOffsetSec: row.start_offset_sec as number,
    widthPx: (row.width_px as number | null) ?? null,
    heightPx: (row.height_px as number | null) ?? null,
    resolution: (row.resolution as string | null) ?? null,
    sizeBytes: (row.size_bytes as number | null) ?? null,
    subset: (row.subset as string | null) ?? null,
    reviewStatus: row.review_status as VideoRecord['reviewStatus'],
    addedAt: row.added_at as string,
    mediaNotes: row.media_notes ? (JSON.parse(row.media_notes as string) as MediaNote[]) : [],
  };
}

export function toVideoLabel(row: SqlRow): VideoLabelRecord {
  return {
    id: row.id as number,
    videoId: row.video_id as string,
    label: row.label as string,
    kind: row.kind as VideoLabelRecord['kind'],
    score: (row.score as number | null) ?? null,
    runId: (row.run_id as number | null) ?? null,
    annotatorId: (row.annotator_id as number | null) ?? null,
    updatedAt: row.updated_at as string,
  };
}
