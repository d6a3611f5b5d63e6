import { describe, expect, it } from 'vitest';
import { importCounts, layers } from '../../../../renderer/src/lib/importText.ts';
import type { ImportReport } from '../../../../shared/ipc/importViews.ts';

const report = (counts: Partial<ImportReport>): ImportReport => ({
  file: '/data/gt.json',
  format: 'activitynet',
  contents: 'ground truth',
  groundTruth: true,
  videos: 0,
  videosAdded: 0,
  segments: 0,
  videoLabels: 0,
  suggestions: 0,
  labels: 0,
  annotators: [],
  replaced: 0,
  runId: null,
  reviewed: null,
  losses: [],
  warnings: [],
  ...counts,
});

describe('the import dialog’s lines', () => {
  it('counts what an import holds, leaving out video labels and suggestions it has none of', () => {
    expect(importCounts(report({ videos: 2, videosAdded: 2, segments: 3, labels: 2 }))).toBe(
      '2 videos (2 new), 3 segments, 2 labels',
    );
    expect(importCounts(report({ videos: 1, segments: 1, labels: 1 }))).toBe(
      '1 video, 1 segment, 1 label',
    );
    expect(
      importCounts(report({ videos: 4, videoLabels: 1, suggestions: 5, segments: 7, labels: 3 })),
    ).toBe('4 videos, 7 segments, 1 video label, 5 suggestions, 3 labels');
  });

  it('names the layers', () => {
    expect(layers(['ground truth'])).toBe('layer “ground truth”');
    expect(layers(['ann', 'bob'])).toBe('layers “ann”, “bob”');
  });
});
