import { describe, expect, it } from 'vitest';
import { forEachVideo, type StepOutcome } from '../../../../main/runs/forEachVideo.ts';

/** A step whose videos finish when the test says so; records what started when. */
function controlledStep() {
  const started: number[] = [];
  const finish = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const step = (video: number) => {
    started.push(video);
    return new Promise<string>((resolve, reject) => finish.set(video, { resolve, reject }));
  };
  return { started, finish, step };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('forEachVideo', () => {
  it('runs one video at a time by default and reports in order, a failure included', async () => {
    const settled: [number, StepOutcome<string>][] = [];
    const { started, finish, step } = controlledStep();
    const done = forEachVideo([0, 1, 2], step, {
      onSettled: (v, _i, o) => settled.push([v, o]),
    });
    await tick();
    expect(started).toEqual([0]);
    finish.get(0)!.resolve('a');
    await tick();
    expect(started).toEqual([0, 1]);
    finish.get(1)!.reject(new Error('bad file'));
    await tick();
    finish.get(2)!.resolve('c');
    await done;
    expect(settled.map(([v, o]) => [v, o.ok])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect((settled[1]![1] as { error: Error }).error.message).toBe('bad file');
  });

  it('with a lookahead, starts the next video before the current one ends, still reporting in order', async () => {
    const order: number[] = [];
    const { started, finish, step } = controlledStep();
    const done = forEachVideo([0, 1, 2], step, {
      lookahead: 1,
      onSettled: (v) => order.push(v),
    });
    await tick();
    expect(started).toEqual([0, 1]);
    finish.get(1)!.resolve('b'); // the later one finishes first
    await tick();
    expect(order).toEqual([]);
    finish.get(0)!.resolve('a');
    await tick();
    expect(order).toEqual([0, 1]); // 1 had finished already
    expect(started).toEqual([0, 1, 2]);
    finish.get(2)!.resolve('c');
    await done;
    expect(order).toEqual([0, 1, 2]);
  });

  it('starts no video once the signal is aborted, and reports the ones started', async () => {
    const controller = new AbortController();
    const order: number[] = [];
    const { started, finish, step } = controlledStep();
    const done = forEachVideo([0, 1, 2], step, {
      signal: controller.signal,
      onSettled: (v) => order.push(v),
    });
    await tick();
    controller.abort();
    finish.get(0)!.resolve('a');
    await done;
    expect(started).toEqual([0]);
    expect(order).toEqual([0]);
  });
});
