import { describe, expect, it } from 'vitest';
import type { FloatImage } from '../../../../main/flow/imageOps.ts';
import { encodeFlowImages, flowSnippetInput } from '../../../../main/flow/tsnEncoding.ts';
import type { FlowField } from '../../../../main/flow/tvl1.ts';
import { manifestSchema } from '../../../../models/manifestSchema.ts';
import {
  cropBoxes,
  elementsPerCrop,
  preprocessSnippet,
  valuesPerSnippet,
} from '../../../../main/inference/preprocess.ts';
import {
  gatedFlow,
  gray8Luma,
  packedFlowMeans,
  packFlowImages,
  startFlowSnippet,
} from '../../../../main/pipeline/flowStage.ts';
import { parseFusion } from '../../../../main/runs/streamJob.ts';
import { seededRandom } from '../../../fixtures/seededRandom.ts';

const W = 20;
const H = 12;
const flowManifest = manifestSchema.parse({
  schemaVersion: 1,
  id: 'flow',
  name: 'flow',
  version: '1',
  modality: 'flow',
  onnx: 'm.onnx',
  input: { name: 'data', layout: 'NCHW-stacked', widthPx: 8, heightPx: 8 },
  output: { kind: 'logits' },
  resize: { mode: 'fixed', widthPx: W, heightPx: H },
  framesPerSnippet: 5,
  channelOrder: 'RGB',
  pixelScale: 255,
  mean: 128,
  std: 1,
  crops: 'ten',
  labels: { file: 'labels.txt', format: 'lines' },
});

function randomField(rand: () => number): FlowField {
  const n = W * H;
  // ±30 px: some values clip at the bound.
  return {
    width: W,
    height: H,
    u: Float32Array.from({ length: n }, () => (rand() - 0.5) * 60),
    v: Float32Array.from({ length: n }, () => (rand() - 0.5) * 60),
  };
}

describe('the flow stage', () => {
  it('packed TSN images through preprocessSnippet give the TSN flow input for every crop (ten, with mirrored x)', () => {
    const rand = seededRandom(5);
    const encoded = Array.from({ length: 5 }, () => encodeFlowImages(randomField(rand)));
    const packed = encoded.map(packFlowImages);
    const out = new Float32Array(valuesPerSnippet(flowManifest));
    expect(preprocessSnippet(packed, W, H, flowManifest, out, 0)).toBe(out.length);
    const per = elementsPerCrop(flowManifest);
    const boxes = cropBoxes('ten', W, H, 8, 8);
    expect(boxes.filter((b) => b.flip)).toHaveLength(5);
    boxes.forEach((box, i) => {
      const expected = flowSnippetInput(encoded, { ...box, widthPx: 8, heightPx: 8 });
      expect(Array.from(out.subarray(i * per, (i + 1) * per))).toEqual(Array.from(expected));
    });
  });

  it('luma is BT.601 rounded to 8 bits, as cvtColor gives dense_flow', () => {
    const rgb = Uint8Array.of(255, 255, 255, 0, 0, 0, 10, 200, 30, 1, 1, 2);
    const g = gray8Luma(rgb, 4, 1);
    expect([...g.data]).toEqual([255, 0, Math.round(0.299 * 10 + 0.587 * 200 + 0.114 * 30), 1]);
  });

  it('a snippet of 6 frames gives 5 fields frame k → k + 1, in order', async () => {
    const frames = Array.from({ length: 6 }, (_, k) => new Uint8Array(W * H * 3).fill(10 * k));
    const seen: number[][] = [];
    const engine = {
      flow: async (I0: FloatImage, I1: FloatImage): Promise<FlowField> => {
        seen.push([I0.data[0]!, I1.data[0]!]);
        const d = (I1.data[0]! - I0.data[0]!) / 10; // 1 px per step of 10
        return {
          width: W,
          height: H,
          u: new Float32Array(W * H).fill(d * (seen.length % 2 ? 1 : -1)),
          v: new Float32Array(W * H),
        };
      },
    };
    const pending = startFlowSnippet(frames, W, H, engine);
    for (const f of frames) f.fill(99); // the caller may reuse the frames at once
    const fields = await pending;
    expect(seen).toEqual([0, 1, 2, 3, 4].map((k) => [10 * k, 10 * (k + 1)]));
    expect(fields).toHaveLength(5);
    // +1 px → round(255 · 21 / 40) = 134 (133.875); −1 px → 121.125 → 121.
    expect(fields.map((f) => packedFlowMeans([f], W).x)).toEqual([134, 121, 134, 121, 134]);
    expect(packedFlowMeans(fields, W).y).toBe(128); // 127.5 rounds half to even
  });

  it('gatedFlow hands the engine at most `slots` fields and starts none after a cancel', async () => {
    let running = 0;
    let most = 0;
    let started = 0;
    const engine = {
      flow: async (): Promise<FlowField> => {
        started++;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { width: 1, height: 1, u: new Float32Array(1), v: new Float32Array(1) };
      },
    };
    const img = { width: 1, height: 1, data: new Float32Array(1) };
    const gated = gatedFlow(engine, 2);
    await Promise.all(Array.from({ length: 7 }, () => gated.flow(img, img)));
    expect(most).toBe(2);

    const controller = new AbortController();
    started = 0;
    const cancelled = gatedFlow(engine, 1, controller.signal);
    const calls = Array.from({ length: 4 }, () => cancelled.flow(img, img));
    controller.abort();
    const settled = await Promise.allSettled(calls);
    expect(started).toBe(1);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(3);
  });

  it('--fusion is RGB:flow, two weights ≥ 0', () => {
    expect(parseFusion('1:1.5')).toEqual({ rgb: 1, flow: 1.5 });
    expect(parseFusion('0:1')).toEqual({ rgb: 0, flow: 1 });
    for (const bad of ['1', '1:', 'a:b', '1:-1', '1:1:1', '0:0'])
      expect(() => parseFusion(bad)).toThrow(/fusion/);
  });
});
