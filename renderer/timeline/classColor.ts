/**
 * A stable colour per class: a hash of the label picks from a categorical palette, so a
 * class has the same colour in every video, session and list order. With hundreds of
 * classes colours repeat; labels and lanes tell those apart.
 */

/** Tableau 20 (dark/light pairs interleaved), distinguishable on dark and light backgrounds. */
// prettier-ignore
export const CLASS_PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac', '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
  '#e377c2', '#17becf', '#bcbd22', '#7f7f7f',
];

/** FNV-1a over UTF-16 code units: fast, and the same in every engine. */
export function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const cache = new Map<string, string>();

export function classColor(label: string): string {
  let color = cache.get(label);
  if (color === undefined) {
    color = CLASS_PALETTE[hashLabel(label) % CLASS_PALETTE.length]!;
    cache.set(label, color);
  }
  return color;
}
