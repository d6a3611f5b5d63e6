import { describe, expect, it } from 'vitest';
import { CLASS_PALETTE, classColor, hashLabel } from '../../../../renderer/timeline/classColor.ts';
import { colormapIndex, VIRIDIS_LUT, viridisHex } from '../../../../renderer/timeline/colormap.ts';

describe('classColor', () => {
  it('is stable and drawn from the palette', () => {
    expect(hashLabel('')).toBe(0x811c9dc5);
    expect(hashLabel('a')).toBe(0xe40c292c); // FNV-1a reference value
    expect(classColor('playing guitar')).toBe(classColor('playing guitar'));
    expect(CLASS_PALETTE).toContain(classColor('playing guitar'));
  });

  it('spreads a label set over many palette entries', () => {
    const labels = Array.from({ length: 200 }, (_, i) => `class ${i}`);
    expect(new Set(labels.map(classColor)).size).toBeGreaterThanOrEqual(15);
  });
});

describe('viridis', () => {
  it('runs from dark purple to yellow, opaque', () => {
    expect(viridisHex(0)).toBe('#440154');
    expect(viridisHex(1)).toBe('#fde725');
    expect(VIRIDIS_LUT).toHaveLength(1024);
    for (let i = 3; i < 1024; i += 4) expect(VIRIDIS_LUT[i]).toBe(255);
  });

  it('gets brighter monotonically (perceptual order)', () => {
    const luminance = (i: number): number =>
      0.2126 * VIRIDIS_LUT[i * 4]! +
      0.7152 * VIRIDIS_LUT[i * 4 + 1]! +
      0.0722 * VIRIDIS_LUT[i * 4 + 2]!;
    // Interpolated between ten anchors, so compare a few entries apart.
    for (let i = 8; i < 256; i++) expect(luminance(i)).toBeGreaterThan(luminance(i - 8));
  });

  it('clamps values and maps NaN to the bottom', () => {
    expect(colormapIndex(-1)).toBe(0);
    expect(colormapIndex(Number.NaN)).toBe(0);
    expect(colormapIndex(2)).toBe(255);
    expect(colormapIndex(0.5)).toBe(128);
  });
});
