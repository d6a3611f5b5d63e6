/**
 * Training a project's head: check the set, split it by video, scale from the training
 * snippets, fit softmax regression with early stopping, then measure the kept head on the
 * held-out videos. Pure and deterministic: the same set and options give the same bits.
 */
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { checkTrainingSet } from './checkTrainingSet.ts';
import { inputSizeOf } from './contextInput.ts';
import { heldOutTally } from './headMetrics.ts';
import { fitSoftmax } from './softmaxTraining.ts';
import { splitByVideo } from './splitByVideo.ts';
import { standardisation } from './standardisation.ts';
import type { HeadOptions, TrainedHead, TrainingSet } from './types.ts';

export const DEFAULT_HEAD_OPTIONS: Readonly<HeadOptions> = {
  seed: 1,
  contextSnippets: 2,
  l2: 1e-4,
  heldOutFraction: 0.2,
  backgroundPerClass: 1,
  maxEpochs: 30,
  patience: 3,
};

export function trainHead(
  set: TrainingSet,
  options: HeadOptions = DEFAULT_HEAD_OPTIONS,
): TrainedHead {
  checkTrainingSet(set);
  const random = seededRandom(options.seed);
  const split = splitByVideo(set.videos.length, options.heldOutFraction, random);
  const trainVideos = split.train.map((v) => set.videos[v]!);
  const heldOutVideos = split.heldOut.map((v) => set.videos[v]!);
  const inputSize = inputSizeOf(set.dim, options.contextSnippets);
  const scaling = standardisation(trainVideos, set.dim, options.contextSnippets);
  const fit = fitSoftmax(
    {
      videos: set.videos,
      train: split.train,
      heldOut: split.heldOut,
      dim: set.dim,
      classCount: set.classes.length,
      inputSize,
      scaling: { mean: scaling.mean, inverseStd: Float64Array.from(scaling.std, (s) => 1 / s) },
    },
    options,
    random,
  );
  const C = set.classes.length;
  // The head's layout is [input][class] (what a MatMul takes); training's is [class][input].
  const weights = new Float32Array(inputSize * C);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < inputSize; i++) weights[i * C + c] = fit.params[c * inputSize + i]!;
  }
  const head: TrainedHead = {
    classes: [...set.classes],
    dim: set.dim,
    contextSnippets: options.contextSnippets,
    inputSize,
    mean: scaling.mean,
    std: scaling.std,
    weights,
    bias: Float32Array.from(fit.params.subarray(C * inputSize)),
    options: { ...options },
    metrics: {
      heldOutVideoIds: heldOutVideos.map((v) => v.videoId),
      trainSnippets: fit.trainSnippets,
      heldOutSnippets: 0,
      perClass: [],
      accuracy: 0,
      epochs: fit.epochs,
    },
  };
  const tally = heldOutTally(head, heldOutVideos);
  head.metrics = {
    ...head.metrics,
    heldOutSnippets: tally.snippets,
    perClass: tally.perClass,
    accuracy: tally.accuracy,
  };
  return head;
}
