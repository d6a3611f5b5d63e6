import type { ImportReport } from '../../../shared/ipc/importViews.ts';

/** "2 videos (2 new), 3 segments, 2 labels", leaving out what is zero. */
export function importCounts(r: ImportReport): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const parts = [
    `${n(r.videos, 'video')}${r.videosAdded > 0 ? ` (${r.videosAdded} new)` : ''}`,
    n(r.segments, 'segment'),
  ];
  if (r.videoLabels > 0) parts.push(n(r.videoLabels, 'video label'));
  if (r.suggestions > 0) parts.push(n(r.suggestions, 'suggestion'));
  parts.push(n(r.labels, 'label'));
  return parts.join(', ');
}

/** 'layer “ground truth”', 'layers “a”, “b”': the annotators whose layers get annotations. */
export function layers(annotators: readonly string[]): string {
  const names = annotators.map((a) => `“${a}”`).join(', ');
  return `${annotators.length === 1 ? 'layer' : 'layers'} ${names}`;
}
