/**
 * Class balance for training: every class snippet each epoch, and a fresh seeded draw of at
 * most `backgroundPerClass` background snippets per class snippet (background is most of an
 * untrimmed video and would otherwise teach the head to say "background" everywhere).
 * Snippets whose target is -1 are never drawn.
 */
import { shuffle } from './shuffle.ts';
import type { TrainingVideo } from './types.ts';

/** Snippets as parallel arrays: the video's index in the set, the snippet's index in it. */
export interface SnippetList {
  video: Int32Array;
  snippet: Int32Array;
}

export class BalancedSampler {
  private readonly classVideo: Int32Array;
  private readonly classSnippet: Int32Array;
  private readonly backgroundVideo: Int32Array;
  private readonly backgroundSnippet: Int32Array;
  private readonly backgroundOrder: Int32Array;
  readonly perEpoch: number;

  constructor(
    videos: readonly TrainingVideo[],
    indices: readonly number[],
    backgroundPerClass: number,
  ) {
    const classes: [number, number][] = [];
    const background: [number, number][] = [];
    for (const v of indices) {
      const targets = videos[v]!.targets;
      for (let t = 0; t < targets.length; t++) {
        if (targets[t]! > 0) classes.push([v, t]);
        else if (targets[t] === 0) background.push([v, t]);
      }
    }
    this.classVideo = Int32Array.from(classes, (s) => s[0]);
    this.classSnippet = Int32Array.from(classes, (s) => s[1]);
    this.backgroundVideo = Int32Array.from(background, (s) => s[0]);
    this.backgroundSnippet = Int32Array.from(background, (s) => s[1]);
    this.backgroundOrder = Int32Array.from(background, (_, i) => i);
    const backgroundCount = Math.min(
      background.length,
      Math.round(Math.max(0, backgroundPerClass) * classes.length),
    );
    this.perEpoch = classes.length + backgroundCount;
  }

  get classSnippets(): number {
    return this.classVideo.length;
  }

  /** One epoch's snippets in a seeded random order. */
  epoch(random: () => number): SnippetList {
    const classCount = this.classVideo.length;
    const backgroundCount = this.perEpoch - classCount;
    const order = this.backgroundOrder;
    // A partial Fisher–Yates: the first backgroundCount entries become a uniform draw.
    for (let i = 0; i < backgroundCount; i++) {
      const j = i + Math.floor(random() * (order.length - i));
      const held = order[i]!;
      order[i] = order[j]!;
      order[j] = held;
    }
    const picks = Int32Array.from({ length: this.perEpoch }, (_, i) => i);
    shuffle(picks, random);
    const video = new Int32Array(this.perEpoch);
    const snippet = new Int32Array(this.perEpoch);
    for (let i = 0; i < this.perEpoch; i++) {
      const p = picks[i]!;
      if (p < classCount) {
        video[i] = this.classVideo[p]!;
        snippet[i] = this.classSnippet[p]!;
      } else {
        const b = order[p - classCount]!;
        video[i] = this.backgroundVideo[b]!;
        snippet[i] = this.backgroundSnippet[b]!;
      }
    }
    return { video, snippet };
  }
}
