import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redo, undo } from '../../../../main/project/editLog.ts';
import {
  acceptSegments,
  addSegment,
  bulkAccept,
  rejectSegments,
} from '../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import type { ReviewStatus } from '../../../../main/project/types.ts';
import { confirmVideoLabel, setReviewStatus } from '../../../../main/project/videoEdits.ts';
import { getVideo } from '../../../../main/project/videos.ts';
import type { Project } from '../../../../main/project/project.ts';
import { tempProject, videoWithPredictions } from './projectFixture.ts';

/** Issue 25: the first decision on an unreviewed video puts it in progress, undoably. */
let project: Project;
let dispose = () => {};
let alice: number;
let bob: number;

beforeEach(() => {
  ({ project, dispose } = tempProject());
  alice = project.annotator('alice').id;
  bob = project.annotator('bob').id;
  videoWithPredictions(project);
});

afterEach(() => dispose());

const status = (): ReviewStatus => getVideo(project.db, 'v1')!.reviewStatus;
const predictions = () => segmentsInLayer(project.db, 'v1', alice).map((s) => s.id);

describe('review status follows the first decision', () => {
  it('accepting every suggestion puts the video in progress; undoing the first decision makes it unreviewed again', () => {
    expect(status()).toBe('unreviewed');
    const [first, second] = predictions();
    acceptSegments(project.db, alice, [first!]);
    expect(status()).toBe('in_progress');
    acceptSegments(project.db, alice, [second!]);
    expect(status()).toBe('in_progress');
    undo(project.db, alice, 'v1');
    expect(status()).toBe('in_progress');
    undo(project.db, alice, 'v1');
    expect(status()).toBe('unreviewed');
    redo(project.db, alice, 'v1');
    expect(status()).toBe('in_progress');
  });

  it("every kind of decision counts, by any annotator: the status is the video's", () => {
    const decisions: ((who: number) => unknown)[] = [
      (who) => rejectSegments(project.db, who, [predictions()[0]!]),
      (who) => addSegment(project.db, who, 'v1', { startSec: 1, endSec: 2, label: 'x' }),
      (who) => bulkAccept(project.db, who, 'v1', 0.5),
      (who) => confirmVideoLabel(project.db, who, 'v1', 'motion'),
    ];
    for (const decide of decisions) {
      decide(bob);
      expect(status()).toBe('in_progress');
      undo(project.db, bob, 'v1');
      expect(status()).toBe('unreviewed');
    }
  });

  it("undoing the first decision still works after the video's file or probe facts change", () => {
    acceptSegments(project.db, alice, [predictions()[0]!]);
    // Outside the edit log, as relinking a moved file or probing it again does.
    project.db
      .prepare(`UPDATE videos SET path = ?, media_notes = ? WHERE id = 'v1'`)
      .run('/moved/v1.mp4', JSON.stringify([{ kind: 'info', text: 'probed again' }]));
    expect(undo(project.db, alice, 'v1')?.action).toBe('accept');
    expect(status()).toBe('unreviewed');
    expect(getVideo(project.db, 'v1')!.path).toBe('/moved/v1.mp4');
  });

  it('never downgrades a reviewed video, and a decision that changes nothing changes no status', () => {
    bulkAccept(project.db, alice, 'v1', 2); // nothing scores that high
    expect(status()).toBe('unreviewed');
    setReviewStatus(project.db, alice, 'v1', 'reviewed');
    acceptSegments(project.db, bob, [predictions()[0]!]);
    expect(status()).toBe('reviewed');
  });
});
