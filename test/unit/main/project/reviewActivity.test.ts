import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  reviewCsvText,
  REVIEW_CSV_HEADER,
} from '../../../../main/formats/export/reviewCsvExport.ts';
import type { Project } from '../../../../main/project/project.ts';
import { recordReviewActivity, reviewActivityOf } from '../../../../main/project/reviewActivity.ts';
import { addSegment } from '../../../../main/project/segmentEdits.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { tempProject } from './projectFixture.ts';

let project: Project;
let dispose: () => void;
beforeEach(() => {
  ({ project, dispose } = tempProject());
  upsertVideo(project.db, { id: 'v1', durationSec: 90 });
  upsertVideo(project.db, { id: 'v2', durationSec: 30 });
});
afterEach(() => dispose());

describe('review activity', () => {
  it('adds up what the editor reports, per video and annotator', () => {
    const alice = project.annotator('alice').id;
    const bob = project.annotator('bob').id;
    recordReviewActivity(project.db, alice, 'v1', { activeMs: 15_000, actions: 7 });
    const total = recordReviewActivity(project.db, alice, 'v1', { activeMs: 2_500, actions: 3 });
    expect(total).toEqual({ videoId: 'v1', annotatorId: alice, activeMs: 17_500, actions: 10 });
    expect(reviewActivityOf(project.db, bob, 'v1')).toMatchObject({ activeMs: 0, actions: 0 });
    expect(() =>
      recordReviewActivity(project.db, alice, 'v1', { activeMs: -1, actions: 0 }),
    ).toThrow(/active time/);
    expect(() =>
      recordReviewActivity(project.db, alice, 'nope', { activeMs: 1, actions: 1 }),
    ).toThrow(/nope/);
  });

  it('exports as CSV with the annotator, segments, status and duration', () => {
    const alice = project.annotator('alice').id;
    const bob = project.annotator('bob').id;
    recordReviewActivity(project.db, bob, 'v1', { activeMs: 61_250, actions: 12 });
    recordReviewActivity(project.db, alice, 'v1', { activeMs: 30_000, actions: 4 });
    addSegment(project.db, alice, 'v1', { startSec: 1, endSec: 2, label: 'walk' });
    const { text, videoCount, itemCount } = reviewCsvText(project.db);
    expect(text).toBe(
      `${REVIEW_CSV_HEADER}\r\nv1,alice,30,4,1,in_progress,90\r\nv1,bob,61.25,12,0,in_progress,90\r\n`,
    );
    expect([videoCount, itemCount]).toEqual([1, 2]);
    expect(reviewCsvText(project.db, { annotatorId: bob }).text.split('\r\n')).toHaveLength(3);
  });
});
