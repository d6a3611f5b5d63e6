/**
 * The queue's scores files: exact round trips, the bytes of a file written before typed views
 * (test/fixtures/scores/scoreFile.json), foreign or cut bytes refused, inline or file storage.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const FIXTURE = path.resolve(import.meta.dirname, '../../../fixtures/scores/scoreFile.json');
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  classCount: number;
  labels: string[];
  kind: SnippetScores['kind'];
  snippetCenterSec: string;
  scores: string;
  blob: string;
};
const fromBase64 = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const written: SnippetScores = {
  classCount: fixture.classCount,
  labels: fixture.labels,
  kind: fixture.kind,
  snippetCenterSec: new Float64Array(fromBase64(fixture.snippetCenterSec).buffer),
  scores: new Float32Array(fromBase64(fixture.scores).buffer),
};

/** `bytes` at byte offset `offset` of a larger buffer (a Buffer from the pool, a file read). */
function at(bytes: Uint8Array, offset: number): Uint8Array {
  const host = new Uint8Array(bytes.length + offset);
  host.set(bytes, offset);
  return host.subarray(offset);
}

describe('score blobs', () => {
  it('round-trip exactly', () => {
    const back = decodeScoreBlob(encodeScoreBlob(scores), 'x');
    expect(back).toEqual(scores);
  });

  it('write the same bytes as before, and read those bytes back at any alignment', () => {
    const blob = fromBase64(fixture.blob);
    expect(encodeScoreBlob(written)).toEqual(blob);
    for (const offset of [0, 1, 3, 4, 8]) {
      const back = decodeScoreBlob(at(blob, offset), 'fixture');
      expect(back).toEqual(written);
      // Bit for bit, so -0 and the float32 rounding of each value are kept.
      expect(
        new Uint8Array(back.scores.buffer, back.scores.byteOffset, back.scores.byteLength),
      ).toEqual(fromBase64(fixture.scores));
    }
  });

  it('own their numbers: changing the bytes afterwards changes nothing', () => {
    const blob = fromBase64(fixture.blob);
    const back = decodeScoreBlob(blob, 'fixture');
    blob.fill(0);
    expect(back).toEqual(written);
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
