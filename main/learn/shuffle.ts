/** Seeded shuffles: every random order in training follows the options' seed. */

/** Fisher–Yates, in place. */
export function shuffle(
  values: { length: number; [i: number]: number },
  random: () => number,
): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = values[i]!;
    values[i] = values[j]!;
    values[j] = held;
  }
}
