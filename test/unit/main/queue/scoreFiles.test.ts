import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeScoreBlob,
  encodeScoreBlob,
  loadScores,
  storeScores,
} from '../../../../main/queue/scoreFiles.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

const scores: SnippetScores = {
  classCount: 3,
  labels: ['a', 'b', 'c'],
  snippetCenterSec: Float64Array.from([0.5, 1.5]),
  scores: Float32Array.from([0.1, 0.2, 0.7, 1e-7, -3, 42]),
  kind: 'probabilities',
};

describe('score blobs', () => {
  it('round-trip exactly', () => {
    const back = decodeScoreBlob(encodeScoreBlob(scores), 'x');
    expect(back).toEqual(scores);
  });

  it('refuse foreign or cut bytes with a message naming the source', () => {
    expect(() => decodeScoreBlob(new Uint8Array(20), 'f.scores')).toThrow(
      /f\.scores: not an Actionline scores file/,
    );
    const blob = encodeScoreBlob(scores);
    expect(() => decodeScoreBlob(blob.subarray(0, blob.length - 4), 'f')).toThrow(
      /do not hold 2 × 3/,
    );
  });
});

describe('storeScores / loadScores', () => {
  it('keeps small arrays inline and writes large ones as <jobId>.scores', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-scores-'));
    const inline = await storeScores(scores, 'pl-1', { resultsDir: dir, inlineMaxBytes: 1 << 20 });
    expect(inline.where).toBe('inline');
    expect(await loadScores(inline, null, 'v')).toEqual(scores);

    const file = await storeScores(scores, 'pl-2', { resultsDir: dir, inlineMaxBytes: 0 });
    expect(file).toMatchObject({ where: 'file', file: 'pl-2.scores' });
    expect(readdirSync(dir)).toEqual(['pl-2.scores']);
    expect(await loadScores(file, dir, 'v')).toEqual(scores);
    await expect(loadScores(file, null, 'v')).rejects.toThrow(/pass --results-dir/);

    writeFileSync(path.join(dir, 'pl-2.scores'), 'changed');
    await expect(loadScores(file, dir, 'v')).rejects.toThrow(/checksum/);
  });

  it('says why scores were not kept when there is no results folder', async () => {
    const ref = await storeScores(scores, 'pl-3', { resultsDir: null, inlineMaxBytes: 0 });
    expect(ref.where).toBe('omitted');
    await expect(loadScores(ref, null, 'v')).rejects.toThrow(/--results-dir/);
  });
});
