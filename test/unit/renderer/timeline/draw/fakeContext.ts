/**
 * A fake 2D context for draw tests: it records every call and every style assignment, in
 * order, so a test can assert what would reach the canvas. No pixels are produced.
 */
import type { TimelineContext2D } from '../../../../../renderer/timeline/draw/context.ts';

export type FakeCall =
  { op: 'set'; prop: string; value: unknown } | { op: string; args: unknown[] };

export interface FakeContext extends TimelineContext2D {
  calls: FakeCall[];
  /** Calls of one method, with their arguments. */
  callsOf(op: string): unknown[][];
  /** The style values in force at the time of each call of `op`. */
  stateAt(op: string): Record<string, unknown>[];
}

const METHODS = [
  'save',
  'restore',
  'beginPath',
  'closePath',
  'moveTo',
  'lineTo',
  'rect',
  'clip',
  'fill',
  'stroke',
  'fillRect',
  'strokeRect',
  'clearRect',
  'fillText',
  'setLineDash',
  'drawImage',
] as const;

const PROPS = [
  'fillStyle',
  'strokeStyle',
  'lineWidth',
  'globalAlpha',
  'font',
  'textAlign',
  'textBaseline',
  'imageSmoothingEnabled',
] as const;

export function createFakeContext(): FakeContext {
  const calls: FakeCall[] = [];
  const state: Record<string, unknown> = {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    imageSmoothingEnabled: true,
  };
  const stack: Record<string, unknown>[] = [];
  const snapshots = new Map<FakeCall, Record<string, unknown>>();
  const fake: Record<string, unknown> = {
    calls,
    callsOf: (op: string) =>
      calls.filter((c) => c.op === op).map((c) => ('args' in c ? c.args : [])),
    stateAt: (op: string) => calls.filter((c) => c.op === op).map((c) => snapshots.get(c)!),
  };
  for (const method of METHODS) {
    fake[method] = (...args: unknown[]) => {
      const call = { op: method, args };
      calls.push(call);
      snapshots.set(call, { ...state });
      if (method === 'save') stack.push({ ...state });
      if (method === 'restore') Object.assign(state, stack.pop() ?? {});
    };
  }
  for (const prop of PROPS) {
    Object.defineProperty(fake, prop, {
      get: () => state[prop],
      set: (value: unknown) => {
        state[prop] = value;
        calls.push({ op: 'set', prop, value });
      },
    });
  }
  return fake as unknown as FakeContext;
}
