import { describe, expect, it } from 'vitest';
import { defaultDerivation, derive } from '../../../../main/analysis/derivation.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

/** 20 snippets 1 s apart: 'walk' strong throughout, 'background' weak; `masked` rows NaN. */
function walking(masked: number[]): SnippetScores {
  const labels = ['background', 'walk'];
  const scores = new Float32Array(20 * 2);
  for (let k = 0; k < 20; k++) {
    scores[k * 2] = masked.includes(k) ? NaN : -2;
    scores[k * 2 + 1] = masked.includes(k) ? NaN : 3;
  }
  return {
    classCount: 2,
    labels,
    snippetCenterSec: Float64Array.from({ length: 20 }, (_, k) => k + 0.5),
    scores,
    kind: 'logits',
  };
}

describe('derive with masked snippets', () => {
  const params = {
    ...defaultDerivation('labelling'),
    detection: { ...defaultDerivation('labelling').detection, backgroundLabels: ['background'] },
  };

  it('cuts every ranked segment and suggestion at the masked stretch', () => {
    const derived = derive(walking([8, 9, 10]), 20, params);
    expect(derived.suggestions.map((s) => [s.startSec, s.endSec])).toEqual([
      [0, 8],
      [11, 20],
    ]);
    for (const s of [...derived.segments, ...derived.suggestions]) {
      expect(s.endSec <= 8 || s.startSec >= 11, `${s.startSec}–${s.endSec}`).toBe(true);
    }
    expect(derived.labels[0]?.label).toBe('walk');
  });

  it('derives nothing when every snippet is masked', () => {
    const all = Array.from({ length: 20 }, (_, k) => k);
    expect(derive(walking(all), 20, params)).toEqual({ labels: [], segments: [], suggestions: [] });
  });
});
