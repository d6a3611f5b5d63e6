import type { FloatImage } from './imageOps.ts';
import type { FlowField } from './tvl1.ts';
import { seededRandom as rng } from '../../shared/random/seededRandom.ts';

// A deterministic pseudo-random generator (mulberry32), uniform in [0, 1).
export { rng };

/**
 * Synthetic frame pairs with known motion, for tests and benchmarks: a smooth random texture
 * (a sum of sinusoids, so it can be sampled exactly anywhere) seen before and after a
 * similarity transform about the image centre (translation, rotation, zoom). Pure.
 */
export interface Motion {
  dx: number;
  dy: number;
  /** Degrees, counter-clockwise in image coordinates (y down). */
  rotationDeg: number;
  /** Scale factor (1.02 = 2 % zoom in). */
  zoom: number;
}

export type Texture = (x: number, y: number) => number;

/** Sum of `waves` sinusoids with wavelengths 10–40 px, grey levels about 30–225. */
export function smoothTexture(seed: number, waves = 24): Texture {
  const r = rng(seed);
  const ks: { kx: number; ky: number; phase: number; amp: number }[] = [];
  for (let i = 0; i < waves; i++) {
    const wavelength = 10 + 30 * r();
    const angle = Math.PI * 2 * r();
    const k = (2 * Math.PI) / wavelength;
    ks.push({ kx: k * Math.cos(angle), ky: k * Math.sin(angle), phase: 2 * Math.PI * r(), amp: 1 });
  }
  const scale = 95 / Math.sqrt(waves / 2) / 1.8;
  return (x, y) => {
    let s = 0;
    for (const w of ks) s += Math.sin(w.kx * x + w.ky * y + w.phase);
    return Math.min(255, Math.max(0, 128 + scale * s));
  };
}

/**
 * Frame 1 samples the texture at each pixel; frame 2 at M⁻¹(q), where M moves a point p of
 * frame 1 to c + zoom·R(p − c) + (dx, dy); the true flow is M(p) − p. Grey levels are
 * rounded to integers (8-bit frames) unless `quantise` is false.
 */
export function syntheticPair(
  texture: Texture,
  width: number,
  height: number,
  m: Motion,
  quantise = true,
): { I0: FloatImage; I1: FloatImage; truth: FlowField } {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const a = (m.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const q = (v: number) => (quantise ? Math.round(v) : v);
  const I0 = new Float32Array(width * height);
  const I1 = new Float32Array(width * height);
  const u = new Float32Array(width * height);
  const v = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      I0[i] = q(texture(x, y));
      const px = x - cx;
      const py = y - cy;
      u[i] = cx + m.zoom * (cos * px - sin * py) + m.dx - x;
      v[i] = cy + m.zoom * (sin * px + cos * py) + m.dy - y;
      // Inverse: p = c + R⁻¹((q − c − t) / zoom)
      const qx = (x - cx - m.dx) / m.zoom;
      const qy = (y - cy - m.dy) / m.zoom;
      I1[i] = q(texture(cx + cos * qx + sin * qy, cy - sin * qx + cos * qy));
    }
  }
  return {
    I0: { width, height, data: I0 },
    I1: { width, height, data: I1 },
    truth: { width, height, u, v },
  };
}

/** Mean endpoint error between two flows over the pixels at least `margin` px from a border. */
export function meanEndpointError(a: FlowField, b: FlowField, margin = 0): number {
  let sum = 0;
  let count = 0;
  for (let y = margin; y < a.height - margin; y++) {
    for (let x = margin; x < a.width - margin; x++) {
      const i = y * a.width + x;
      sum += Math.hypot(a.u[i]! - b.u[i]!, a.v[i]! - b.v[i]!);
      count++;
    }
  }
  return sum / count;
}
