import path from 'node:path';

const videoTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mov': 'video/quicktime',
};

/** The Content-Type both shells serve a media file with, by its extension. */
export function videoContentType(file: string): string {
  return videoTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
