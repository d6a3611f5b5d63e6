import { describe, expect, it } from 'vitest';
import { parseLabelStudioTasks } from '../../../../../main/formats/labelStudio/parseTasks.ts';

/** Label Studio tasks: every problem is one line naming the file and the JSON path. */

const region = (start: unknown, end: unknown, labels: unknown = ['Run'], extra: object = {}) => ({
  id: 'r1',
  from_name: 'actions',
  to_name: 'video',
  type: 'timelinelabels',
  value: { ranges: [{ start, end }], timelinelabels: labels },
  ...extra,
});
const task = (extra: object = {}) => ({
  id: 1,
  data: { video: '/data/upload/3/1a2b3c4d-clip.mp4' },
  annotations: [{ id: 10, completed_by: 7, was_cancelled: false, result: [region(3, 5)] }],
  predictions: [],
  ...extra,
});

function errorOf(json: unknown): string {
  try {
    parseLabelStudioTasks(json, 'ls.json');
  } catch (err) {
    expect(err).toMatchObject({ code: 'BAD_FORMAT', file: 'ls.json' });
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an error');
}

describe('parseLabelStudioTasks', () => {
  it('reads video, frame rate, annotations by user and scored predictions', () => {
    const file = parseLabelStudioTasks(
      [
        task({
          data: { video: 'https://h/a/b.mp4', fps: '25' },
          annotations: [
            {
              completed_by: { id: 3, email: 'ann@example.org', first_name: '' },
              result: [region(1, 1, ['Run', 'Jump'])],
            },
          ],
          predictions: [
            {
              model_version: 'tsn-1',
              score: 0.5,
              result: [region(2, 9), region(4, 4, ['Jump'], { score: 0.9 })],
            },
          ],
        }),
      ],
      'ls.json',
    );
    expect(file.warnings).toEqual([]);
    expect(file.tasks).toEqual([
      {
        id: 1,
        path: '[0]',
        videoName: 'b.mp4',
        taskFps: 25,
        annotations: [
          {
            user: { kind: 'email', email: 'ann@example.org' },
            path: '[0].annotations[0]',
            regions: [
              { startFrame: 1, endFrame: 1, label: 'Run', score: null },
              { startFrame: 1, endFrame: 1, label: 'Jump', score: null },
            ],
          },
        ],
        predictions: [
          {
            modelVersion: 'tsn-1',
            score: 0.5,
            path: '[0].predictions[0]',
            regions: [
              { startFrame: 2, endFrame: 9, label: 'Run', score: 0.5 },
              { startFrame: 4, endFrame: 4, label: 'Jump', score: 0.9 },
            ],
          },
        ],
      },
    ]);
  });

  it('takes one task object as the API returns it, and the upload name without data.video', () => {
    const one = parseLabelStudioTasks(
      { data: { image: 'x' }, file_upload: '1a2b3c4d-x.mov', annotations: [] },
      'ls.json',
    );
    expect(one.tasks.map((t) => [t.path, t.videoName, t.taskFps])).toEqual([
      ['', '1a2b3c4d-x.mov', null],
    ]);
    const other = parseLabelStudioTasks(
      [{ data: { title: 't', clip: 's3://b/clip.webm' }, annotations: [] }],
      'ls.json',
    );
    expect(other.tasks[0]!.videoName).toBe('clip.webm');
  });

  it('warns about what Label Studio tolerates and leaves out what is not a timeline region', () => {
    const file = parseLabelStudioTasks(
      [
        task({
          data: { video: 'a.mp4', fps: 'abc' },
          annotations: [
            { completed_by: 1, was_cancelled: true, result: [] },
            {
              completed_by: 2,
              result: [
                region(0, 3),
                region(null, 4),
                region(5, 6, []),
                { type: 'videorectangle', value: {} },
                { type: 'choices', value: {} },
              ],
            },
          ],
          predictions: [{ result: [region(1, 2)] }],
        }),
      ],
      'ls.json',
    );
    expect(file.tasks[0]!.taskFps).toBe(24);
    expect(file.tasks[0]!.annotations.map((a) => a.regions)).toEqual([
      [{ startFrame: 1, endFrame: 3, label: 'Run', score: null }],
    ]);
    expect(file.tasks[0]!.predictions[0]!.regions[0]!.score).toBe(0);
    expect(file.warnings).toEqual([
      'ls.json: 1 cancelled (skipped) annotations left out (first at [0].annotations[0])',
      'ls.json: 2 results that are not TimelineLabels regions left out (first at [0].annotations[1].result[3]); types: choices, videorectangle',
      'ls.json: 1 ranges without a start or end frame (null) left out, as Label Studio draws none (first at [0].annotations[1].result[1].value.ranges[0])',
      'ls.json: 1 regions without a label left out (first at [0].annotations[1].result[2])',
      'ls.json: 1 ranges start before frame 1 (frames are 1-based); they start at frame 1, as Label Studio shows them (first at [0].annotations[1].result[0].value.ranges[0])',
      'ls.json: 1 tasks have an "fps" that is no frame rate; Label Studio plays them at its default 24 (first at [0].data.fps)',
      'ls.json: 1 predicted regions have no score of their own nor of their prediction: imported with score 0 (first at [0].predictions[0].result[0])',
    ]);
    expect(parseLabelStudioTasks([], 'ls.json').warnings).toEqual(['ls.json: holds no tasks']);
  });

  it('names the JSON path of wrong types, reversed ranges and fractional frames', () => {
    expect(errorOf({ version: 'VERSION 1.3' })).toMatch(
      /^ls\.json: not a Label Studio tasks file: expected an array of tasks/,
    );
    expect(errorOf([3])).toBe('ls.json: [0]: expected an object, got 3');
    expect(errorOf([task({ data: 'clip.mp4' })])).toBe(
      'ls.json: [0].data: expected an object, got "clip.mp4"',
    );
    expect(errorOf([task({ data: { text: 'hello' } })])).toBe(
      'ls.json: [0].data: no video: expected "video" (the file name or URL that <Video value="$video"> plays)',
    );
    expect(errorOf([task({ data: { video: 5 } })])).toBe(
      'ls.json: [0].data.video: expected a string, got 5',
    );
    expect(errorOf([task({ annotations: [{ result: [region(9, 4)] }] })])).toBe(
      'ls.json: [0].annotations[0].result[0].value.ranges[0]: end frame 4 is before start 9',
    );
    expect(errorOf([task({ annotations: [{ result: [region(1.5, 4)] }] })])).toBe(
      'ls.json: [0].annotations[0].result[0].value.ranges[0].start: expected a frame number (a whole number, 1-based), got 1.5',
    );
    expect(errorOf([task({ annotations: [{ result: [region('1', 4)] }] })])).toMatch(
      /ranges\[0\]\.start: expected a frame number .* got "1"$/,
    );
    expect(errorOf([task({ annotations: [{ result: [region(1, 4, [''])] }] })])).toBe(
      'ls.json: [0].annotations[0].result[0].value.timelinelabels[0]: empty label',
    );
    expect(errorOf([task({ annotations: [{ completed_by: 'x', result: [] }] })])).toMatch(
      /\[0\]\.annotations\[0\]\.completed_by: expected a user id/,
    );
    expect(errorOf([task({ annotations: [{ was_cancelled: 'no', result: [] }] })])).toMatch(
      /\[0\]\.annotations\[0\]\.was_cancelled: expected true or false, got "no"$/,
    );
    expect(errorOf([task({ annotations: [{}] })])).toBe(
      'ls.json: [0].annotations[0].result: expected an array, got nothing (missing)',
    );
    expect(errorOf([task({ predictions: [{ score: 'high', result: [] }] })])).toBe(
      'ls.json: [0].predictions[0].score: expected a score (a number), got "high"',
    );
  });

  it('refuses a task id that appears twice, naming both', () => {
    expect(errorOf([task(), task({ id: 2 }), task({ id: 1 })])).toBe(
      'ls.json: [2].id: task id 1 appears twice (first at [0].id)',
    );
    // Tasks without ids (as Actionline writes them) are fine.
    const noIds = parseLabelStudioTasks([task({ id: undefined }), task({ id: undefined })], 'f');
    expect(noIds.tasks.map((t) => t.id)).toEqual([null, null]);
  });
});
