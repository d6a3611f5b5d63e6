/**
 * Softmax regression on the standardised context inputs: minibatch Adam with L2 over
 * class-balanced epochs, early stopping on the held-out videos' loss, the best epoch's
 * parameters kept. Parameters are one float64 array, class-major ([class][input], then the
 * biases), so each logit is one contiguous dot product.
 */
import { Adam } from './adam.ts';
import { BalancedSampler, type SnippetList } from './balancedSampling.ts';
import { contextInput, type InputScaling } from './contextInput.ts';
import { accumulateGradient, logitsOf } from './linearKernels.ts';
import { shuffle } from './shuffle.ts';
import type { HeadOptions, TrainingVideo } from './types.ts';

const BATCH_SIZE = 256;
const LEARNING_RATE = 1e-3;
/**
 * Optimiser steps an epoch at least. With 80 training snippets (three short reviewed videos)
 * an epoch of one pass was one step, and 30 epochs left the probabilities near uniform
 * (background 0.44 against 0.29 where the head was right): too soft for the suggestions.
 */
const MIN_STEPS_PER_EPOCH = 50;
/** A held-out loss must beat the best by this much (nats) to count as better. */
const MIN_IMPROVEMENT = 1e-3;
/** Held-out snippets a class in the stopping loss: a seeded draw, enough to rank epochs. */
const STOPPING_SNIPPETS_PER_CLASS = 2000;

export interface SoftmaxProblem {
  videos: readonly TrainingVideo[];
  train: readonly number[];
  heldOut: readonly number[];
  dim: number;
  classCount: number;
  inputSize: number;
  /** By 1 / std: multiplied, not divided, in the hot loop (within rounding of the head's maths). */
  scaling: InputScaling;
}

export interface SoftmaxFit {
  /** [class][input] weights, then the classCount biases. */
  params: Float64Array;
  /** Epochs run, the `patience` ones after the best included (the best's parameters kept). */
  epochs: number;
  /** The epoch whose parameters were kept (with no held-out videos: the last). */
  bestEpoch: number;
  trainSnippets: number;
}

export function fitSoftmax(
  problem: SoftmaxProblem,
  options: HeadOptions,
  random: () => number,
): SoftmaxFit {
  const { videos, classCount: C, inputSize: S } = problem;
  const params = new Float64Array(C * S + C);
  const gradient = new Float64Array(C * S + C);
  const adam = new Adam(params.length, LEARNING_RATE);
  const sampler = new BalancedSampler(videos, problem.train, options.backgroundPerClass);
  const input = new Float64Array(S);
  const p = new Float64Array(C);
  const stopping = stoppingSnippets(problem, random);
  let best = { loss: Infinity, params: params.slice(), epoch: 0 };
  let epoch = 0;
  while (epoch < options.maxEpochs && epoch - best.epoch < Math.max(1, options.patience)) {
    epoch++;
    // A small set (a first few reviewed videos) is one batch a pass: passes are repeated
    // until the epoch has taken MIN_STEPS_PER_EPOCH steps, or Adam would barely move.
    let steps = 0;
    while (steps < MIN_STEPS_PER_EPOCH) {
      const batch = sampler.epoch(random);
      if (batch.video.length === 0) break;
      for (let start = 0; start < batch.video.length; start += BATCH_SIZE) {
        const end = Math.min(batch.video.length, start + BATCH_SIZE);
        gradient.fill(0);
        for (let k = start; k < end; k++) {
          const video = videos[batch.video[k]!]!;
          const t = batch.snippet[k]!;
          standardInput(video, problem, t, options.contextSnippets, input);
          probabilities(params, C, S, input, p);
          p[video.targets[t]!]! -= 1; // now dLoss/dLogit
          accumulateGradient(gradient, C, S, input, p);
        }
        const scale = 1 / (end - start);
        for (let i = 0; i < gradient.length; i++) gradient[i]! *= scale;
        adam.update(params, gradient, options.l2, C * S);
        steps++;
      }
    }
    // Without held-out videos (a refit on all of them for a known number of epochs) the last
    // epoch is kept.
    const loss =
      problem.heldOut.length > 0
        ? heldOutLoss(params, problem, stopping, options.contextSnippets)
        : -epoch;
    if (loss < best.loss - MIN_IMPROVEMENT) best = { loss, params: params.slice(), epoch };
  }
  return {
    params: best.params,
    epochs: epoch,
    bestEpoch: best.epoch,
    trainSnippets: sampler.perEpoch,
  };
}

/** Up to STOPPING_SNIPPETS_PER_CLASS held-out snippets of each class, drawn once. */
function stoppingSnippets(problem: SoftmaxProblem, random: () => number): SnippetList[] {
  const byClass = Array.from({ length: problem.classCount }, () => [] as [number, number][]);
  for (const v of problem.heldOut) {
    const targets = problem.videos[v]!.targets;
    for (let t = 0; t < targets.length; t++)
      if (targets[t]! >= 0) byClass[targets[t]!]!.push([v, t]);
  }
  return byClass.map((snippets) => {
    const order = Int32Array.from(snippets, (_, i) => i);
    shuffle(order, random);
    const kept = order.subarray(0, STOPPING_SNIPPETS_PER_CLASS);
    return {
      video: Int32Array.from(kept, (i) => snippets[i]![0]),
      snippet: Int32Array.from(kept, (i) => snippets[i]![1]),
    };
  });
}

/**
 * Mean cross-entropy per class present, averaged over those classes: balanced like training,
 * so the stopping point is not set by background alone.
 */
function heldOutLoss(
  params: Float64Array,
  problem: SoftmaxProblem,
  byClass: readonly SnippetList[],
  contextSnippets: number,
): number {
  const { classCount: C, inputSize: S } = problem;
  const input = new Float64Array(S);
  const p = new Float64Array(C);
  let total = 0;
  let present = 0;
  byClass.forEach((snippets, target) => {
    const count = snippets.video.length;
    if (count === 0) return;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const video = problem.videos[snippets.video[k]!]!;
      standardInput(video, problem, snippets.snippet[k]!, contextSnippets, input);
      probabilities(params, C, S, input, p);
      sum -= Math.log(Math.max(p[target]!, 1e-12));
    }
    total += sum / count;
    present++;
  });
  return present === 0 ? 0 : total / present;
}

function standardInput(
  video: TrainingVideo,
  problem: SoftmaxProblem,
  t: number,
  contextSnippets: number,
  out: Float64Array,
): void {
  contextInput(
    video.half,
    problem.dim,
    video.targets.length,
    t,
    contextSnippets,
    out,
    problem.scaling,
  );
}

/** Softmax of the logits into p, by the max-shifted exponentials. */
function probabilities(
  params: Float64Array,
  C: number,
  S: number,
  input: Float64Array,
  p: Float64Array,
): void {
  logitsOf(params, C, S, input, p);
  let max = -Infinity;
  for (let c = 0; c < C; c++) if (p[c]! > max) max = p[c]!;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(p[c]! - max);
    p[c] = e;
    sum += e;
  }
  for (let c = 0; c < C; c++) p[c]! /= sum;
}
