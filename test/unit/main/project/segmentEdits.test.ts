import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyState, redo, undo } from '../../../../main/project/editLog.ts';
import { Project } from '../../../../main/project/project.ts';
import { replacePredictions } from '../../../../main/project/runs.ts';
import {
  acceptSegments,
  addSegment,
  deleteSegments,
  mergeSegments,
  rejectSegments,
  splitSegment,
  updateSegment,
} from '../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { videoWithPredictions } from './projectFixture.ts';

let project: Project;
let alice: number;
let bob: number;

beforeEach(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-edits-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  alice = project.annotator('alice').id;
  bob = project.annotator('bob').id;
  videoWithPredictions(project);
});

afterEach(() => project.close());

const layer = (annotatorId: number | null) =>
  segmentsInLayer(project.db, 'v1', annotatorId).map((s) => [
    s.startSec,
    s.endSec,
    s.label,
    s.provenance,
  ]);

describe('segment edits', () => {
  it('accepting a prediction moves it into the annotator layer only', () => {
    const [first] = segmentsInLayer(project.db, 'v1', alice);
    acceptSegments(project.db, alice, [first!.id]);
    expect(layer(alice)).toEqual([
      [2, 5, 'motion', 'accepted'],
      [10, 14, 'motion', 'predicted'],
    ]);
    expect(layer(bob)).toEqual([
      [2, 5, 'motion', 'predicted'],
      [10, 14, 'motion', 'predicted'],
    ]);
  });

  it('resize, relabel, split, merge, reject, delete and add, each undoable and redoable', () => {
    const [a, b] = segmentsInLayer(project.db, 'v1', alice);
    const resized = updateSegment(project.db, alice, a!.id, { endSec: 6 }).value;
    expect(resized.provenance).toBe('edited');
    expect(resized.originalLabel).toBe('motion');
    updateSegment(project.db, alice, resized.id, { label: 'waving' });
    const [left] = splitSegment(project.db, alice, resized.id, 4).value;
    rejectSegments(project.db, alice, [b!.id]);
    addSegment(project.db, alice, 'v1', { startSec: 20, endSec: 22, label: 'jumping' });
    const afterEdits = layer(alice);
    expect(afterEdits).toEqual([
      [2, 4, 'waving', 'edited'],
      [4, 6, 'waving', 'edited'],
      [10, 14, 'motion', 'rejected'],
      [20, 22, 'jumping', 'manual'],
    ]);
    const second = segmentsInLayer(project.db, 'v1', alice)[1]!;
    mergeSegments(project.db, alice, [left.id, second.id]);
    const manual = segmentsInLayer(project.db, 'v1', alice).at(-1)!;
    deleteSegments(project.db, alice, [manual.id]);
    expect(layer(alice)).toEqual([
      [2, 6, 'waving', 'edited'],
      [10, 14, 'motion', 'rejected'],
    ]);

    expect(undo(project.db, alice, 'v1')?.action).toBe('delete segment');
    expect(undo(project.db, alice, 'v1')?.action).toBe('merge segments');
    expect(layer(alice)).toEqual(afterEdits);
    for (let i = 0; i < 5; i++) undo(project.db, alice, 'v1');
    expect(undo(project.db, alice, 'v1')).toBeNull();
    expect(layer(alice)).toEqual(layer(bob));
    while (redo(project.db, alice, 'v1')) {
      /* redo everything */
    }
    expect(layer(alice)).toEqual([
      [2, 6, 'waving', 'edited'],
      [10, 14, 'motion', 'rejected'],
    ]);
    expect(historyState(project.db, alice, 'v1')).toMatchObject({ canUndo: true, canRedo: false });
  });

  it('a new edit after undo drops the redo stack; history is per annotator', () => {
    const [a] = segmentsInLayer(project.db, 'v1', alice);
    acceptSegments(project.db, alice, [a!.id]);
    undo(project.db, alice, 'v1');
    addSegment(project.db, alice, 'v1', { startSec: 1, endSec: 2, label: 'x' });
    expect(redo(project.db, alice, 'v1')).toBeNull();
    expect(undo(project.db, bob, 'v1')).toBeNull();
  });

  it("undo and redo stay on the video asked for; an edit drops only its own video's redo", () => {
    upsertVideo(project.db, { id: 'v2', durationSec: 30 });
    addSegment(project.db, alice, 'v1', { startSec: 1, endSec: 2, label: 'on v1' });
    addSegment(project.db, alice, 'v2', { startSec: 3, endSec: 4, label: 'on v2' });
    const labels = (videoId: string) =>
      segmentsInLayer(project.db, videoId, alice).map((s) => s.label);

    // The newest edit is on v2, but undo in v1's editor undoes v1's own.
    expect(undo(project.db, alice, 'v1')?.videoId).toBe('v1');
    expect(labels('v1')).not.toContain('on v1');
    expect(labels('v2')).toContain('on v2');
    expect(historyState(project.db, alice, 'v1')).toMatchObject({
      canUndo: false,
      canRedo: true,
      redoAction: 'add segment',
    });
    expect(historyState(project.db, alice, 'v2')).toMatchObject({ canUndo: true, canRedo: false });
    // Nothing left to undo on v1: v2's edit is never reached from there.
    expect(undo(project.db, alice, 'v1')).toBeNull();
    expect(labels('v2')).toContain('on v2');

    // An edit on v2 keeps v1's redo; an edit on v1 drops it.
    addSegment(project.db, alice, 'v2', { startSec: 5, endSec: 6, label: 'more on v2' });
    project.close();
    project = Project.open(project.file);
    expect(redo(project.db, alice, 'v2')).toBeNull();
    expect(redo(project.db, alice, 'v1')?.videoId).toBe('v1');
    expect(labels('v1')).toContain('on v1');
    undo(project.db, alice, 'v1');
    addSegment(project.db, alice, 'v1', { startSec: 7, endSec: 8, label: 'new on v1' });
    expect(redo(project.db, alice, 'v1')).toBeNull();
    expect(labels('v1')).not.toContain('on v1');
  });

  it('refuses bad bounds and another annotator segment', () => {
    expect(() =>
      addSegment(project.db, alice, 'v1', { startSec: 5, endSec: 5, label: 'x' }),
    ).toThrow(/start < end/);
    expect(() =>
      addSegment(project.db, alice, 'v1', { startSec: 5, endSec: 31, label: 'x' }),
    ).toThrow(/past the end/);
    const mine = addSegment(project.db, alice, 'v1', { startSec: 1, endSec: 2, label: 'x' }).value;
    expect(() => updateSegment(project.db, bob, mine.id, { label: 'y' })).toThrow(/belongs to/);
  });

  it('undo and redo survive reopening the file', () => {
    const file = project.file;
    addSegment(project.db, alice, 'v1', { startSec: 1, endSec: 2, label: 'x' });
    project.close();
    project = Project.open(file);
    expect(undo(project.db, alice, 'v1')?.action).toBe('add segment');
    expect(layer(alice).some((s) => s[2] === 'x')).toBe(false);
    project.close();
    project = Project.open(file);
    expect(redo(project.db, alice, 'v1')?.action).toBe('add segment');
    expect(layer(alice).some((s) => s[2] === 'x')).toBe(true);
  });
});

describe('edits against a re-derived run', () => {
  it('a redo whose prediction was replaced reports a conflict and is dropped', () => {
    const [first] = segmentsInLayer(project.db, 'v1', alice);
    acceptSegments(project.db, alice, [first!.id]);
    undo(project.db, alice, 'v1');
    // Re-deriving replaces every prediction nobody holds a decision on.
    replacePredictions(project.db, first!.runId!, 'v1', [], []);
    expect(() => redo(project.db, alice, 'v1')).toThrow(/no longer exists/);
    expect(redo(project.db, alice, 'v1')).toBeNull();
  });
});
