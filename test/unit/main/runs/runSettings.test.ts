import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LABELS_PER_VIDEO,
  DEFAULT_MAX_SEGMENTS_PER_VIDEO,
  runDerivation,
} from '../../../../main/analysis/derivation.ts';
import { modelRunRecord, recordedRun } from '../../../../main/runs/modelRun.ts';
import { runSettings, settingsDerivation } from '../../../../main/runs/runSettings.ts';

/** The one place a run request becomes settings and a stored run (issue 26, item 1). */

const interval = { kind: 'interval', intervalSec: 1 } as const;
const twoStream = {
  flow: { engine: 'cpu' as const },
  twoStream: { flowModelRef: '/m/flow/manifest.json', weights: { rgb: 1, flow: 1.5 } },
};

describe('runSettings', () => {
  it("gives prelabel's settings as they were, key for key (they are the resume fingerprint)", () => {
    const settings = runSettings(
      '/m/motion/manifest.json',
      {},
      {
        task: 'detection',
        plan: interval,
        window: null,
        exactFrames: false,
        device: 'cpu',
        threads: 1,
        batchSnippets: 8,
        refineEdges: true,
      },
    );
    expect(JSON.stringify(settings)).toBe(
      JSON.stringify({
        task: 'detection',
        job: {
          modelRef: '/m/motion/manifest.json',
          device: 'cpu',
          intraOpThreads: 1,
          plan: interval,
          batchSnippets: 8,
          decodeThreads: 0,
        },
        window: null,
        maxSegmentsPerVideo: DEFAULT_MAX_SEGMENTS_PER_VIDEO,
        labelsPerVideo: DEFAULT_LABELS_PER_VIDEO,
        refineEdges: true,
      }),
    );
  });

  it('refines edges only where there are edges to place and a single RGB stream', () => {
    const base = { plan: interval, device: 'cpu', threads: 0 } as const;
    expect(runSettings('m', {}, { ...base, task: 'detection' }).refineEdges).toBe(true);
    expect(runSettings('m', {}, { ...base, task: 'classification' }).refineEdges).toBe(false);
    expect(
      runSettings('m', {}, { ...base, task: 'labelling', refineEdges: false }).refineEdges,
    ).toBe(false);
    expect(runSettings('m', twoStream, { ...base, task: 'detection' }).refineEdges).toBe(false);
    expect(
      runSettings('m', { flow: { engine: 'cpu' } }, { ...base, task: 'detection' }),
    ).toMatchObject({ refineEdges: false, job: { flow: { engine: 'cpu' } } });
  });

  it('states exact frames and the overlap setting only when asked, so older settings stay equal', () => {
    const base = { task: 'detection', plan: interval, device: 'cpu', threads: 0 } as const;
    const plain = runSettings('m', {}, base);
    expect(plain.job).not.toHaveProperty('exactFrames');
    expect(plain).not.toHaveProperty('coOccurring');
    const asked = runSettings('m', {}, { ...base, exactFrames: true, coOccurring: true });
    expect(asked.job.exactFrames).toBe(true);
    expect(settingsDerivation([], asked).suggestions.coOccurring).toBe(true);
    expect(settingsDerivation([], plain).suggestions.coOccurring).toBe(false);
    expect(runSettings('m', {}, { ...base, batchSnippets: 4.7 }).job.batchSnippets).toBe(4);
  });
});

describe('modelRunRecord', () => {
  const rgb = { id: 'tsn-rgb', version: '1', stream: 'rgb', labels: ['background', 'a'] };
  const flow = { id: 'tsn-flow', version: '1', stream: 'flow', labels: ['background', 'a'] };
  const derivation = runDerivation(['background'], {
    task: 'detection',
    window: null,
    planKind: 'interval',
    labelsPerVideo: 3,
    maxSegmentsPerVideo: 100,
  });

  it('records a one-stream run: model, task, plan, device, derivation', () => {
    const settings = runSettings(
      'm',
      {},
      {
        task: 'detection',
        plan: { kind: 'interval', intervalSec: 0.5 },
        device: 'cpu',
        threads: 0,
      },
    );
    expect(modelRunRecord(settings, derivation, { model: rgb })).toEqual({
      modelId: 'tsn-rgb',
      modelVersion: '1',
      task: 'detection',
      params: { plan: 'interval', intervalSec: 0.5, device: 'cpu', derivation },
      streams: [{ stream: 'rgb', modelId: 'tsn-rgb', weight: 1, labels: ['background', 'a'] }],
    });
  });

  it('records both streams of a two-stream run with their weights, and the flow engine', () => {
    const settings = runSettings('m', twoStream, {
      task: 'detection',
      plan: interval,
      device: 'auto',
      threads: 0,
    });
    const record = modelRunRecord(settings, derivation, { model: rgb, flowModel: flow });
    expect(record.params).toMatchObject({
      flowModel: 'tsn-flow',
      fusion: { rgb: 1, flow: 1.5 },
      flowEngine: 'cpu',
    });
    expect(record.streams.map((s) => [s.stream, s.modelId, s.weight])).toEqual([
      ['rgb', 'tsn-rgb', 1],
      ['flow', 'tsn-flow', 1.5],
    ]);
  });

  it("records a queue batch's run: a classification task, a TSN plan, its source and tag", () => {
    const record = modelRunRecord(
      { task: 'classification', job: { plan: { kind: 'tsn25' } } },
      derivation,
      { model: { id: 'm', stream: 'rgb', labels: ['a'] } },
      { source: 'queue:q', params: { queue: { name: 'q', batch: 'b' } } },
    );
    expect(record).toEqual({
      modelId: 'm',
      task: 'classification',
      params: { plan: 'tsn25', derivation, queue: { name: 'q', batch: 'b' } },
      source: 'queue:q',
      streams: [{ stream: 'rgb', modelId: 'm', weight: 1, labels: ['a'] }],
    });
  });
});

describe('recordedRun', () => {
  it('reads back the choices modelRunRecord wrote, so a resumed run samples and derives alike', () => {
    const choices = {
      task: 'detection',
      plan: { kind: 'interval', intervalSec: 0.5 },
      window: { windowSec: 4, strideSec: 2 },
      exactFrames: true,
      refineEdges: false,
      labelsPerVideo: 2,
      maxSegmentsPerVideo: 30,
    } as const;
    const settings = runSettings('m', {}, { ...choices, device: 'cpu', threads: 0 });
    const derivation = settingsDerivation(['background'], settings);
    const record = modelRunRecord(settings, derivation, {
      model: { id: 'motion', stream: 'rgb', labels: ['background', 'motion'] },
    });
    const read = recordedRun({ modelId: record.modelId, params: record.params! });
    expect(read).toEqual({ modelId: 'motion', derivation, choices });
    expect(runSettings('m', {}, { ...read!.choices, device: 'cpu', threads: 0 })).toEqual(settings);
  });

  it('is null for a run not recorded from settings (an imported results file)', () => {
    expect(recordedRun({ modelId: 'imported:x.json', params: { task: 'detection' } })).toBeNull();
  });
});
