import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startInferenceThread } from '../../../main/pipeline/threadRunner.ts';
import { FAILING_MODEL_SIZE_PX, writeFailWhenBrightModel } from '../../fixtures/failingModel.ts';

/**
 * The inference thread through the RPC, on real onnxruntime: a batch's buffer moves to the
 * thread and comes back with the result (what scoreVideo refills), and a failed run fails
 * only that run.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the inference thread', () => {
  it('hands each batch buffer back with its output; a failed run leaves the thread usable', async () => {
    const runner = await startInferenceThread({
      modelRef: writeFailWhenBrightModel(dir),
      device: 'cpu',
      intraOpThreads: 1,
    });
    try {
      expect(runner).toMatchObject({ provider: 'cpu', classCount: 2 });
      const perSnippet = 3 * FAILING_MODEL_SIZE_PX * FAILING_MODEL_SIZE_PX;
      const dims = [2, 3, FAILING_MODEL_SIZE_PX, FAILING_MODEL_SIZE_PX];
      const dark = new Float32Array(2 * perSnippet).fill(10);
      const pending = runner.run(dark, dims);
      expect(dark.byteLength).toBe(0); // moved, not copied
      const { output, input } = await pending;
      expect(Array.from(output)).toEqual([0, 0, 0, 0]);
      expect(input.length).toBe(2 * perSnippet);
      expect(input.every((v) => v === 10)).toBe(true);

      // The same memory, refilled bright: onnxruntime refuses it (Gather out of bounds).
      input.fill(250);
      await expect(runner.run(input, dims)).rejects.toMatchObject({
        code: 'INFERENCE_FAILED',
        message: expect.stringContaining('indices element out of data bounds'),
      });
      const again = await runner.run(new Float32Array(2 * perSnippet), dims);
      expect(again.output).toHaveLength(4);
    } finally {
      await runner.close();
    }
    await expect(runner.run(new Float32Array(4), [1, 4])).rejects.toMatchObject({
      code: 'INFERENCE_FAILED',
      message: 'the inference thread is closed',
    });
  });
});
