/**
 * Training a project's head: check the set, split it by video, scale from the training
 * snippets, fit softmax regression with early stopping, then measure the kept head on the
 * held-out videos. A small set (a first few reviewed videos, where one held-out video is a
 * large share of what there is to learn from) is then fitted again on every video for as
 * many epochs as early stopping chose; the metrics stay those of the head that never saw the
 * held-out videos. Pure and deterministic: the same set and options give the same bits.
 */
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { checkTrainingSet } from './checkTrainingSet.ts';
import { inputSizeOf } from './contextInput.ts';
import { heldOutTally } from './headMetrics.ts';
import { fitSoftmax, type SoftmaxFit } from './softmaxTraining.ts';
import { splitByVideo } from './splitByVideo.ts';
import { standardisation, type Standardisation } from './standardisation.ts';
import type { HeadOptions, HeadWeights, TrainedHead, TrainingSet } from './types.ts';

export const DEFAULT_HEAD_OPTIONS: Readonly<HeadOptions> = {
  seed: 1,
  contextSnippets: 2,
  l2: 1e-4,
  heldOutFraction: 0.2,
  backgroundPerClass: 1,
  maxEpochs: 30,
  patience: 3,
};

/**
 * Up to this many reviewed videos the head is refitted on all of them. Bench (bench:learn,
 * 2 reviewed videos): trained on the one not held out, pick and place had 0 % recall.
 */
export const REFIT_MAX_VIDEOS = 10;

export function trainHead(
  set: TrainingSet,
  options: HeadOptions = DEFAULT_HEAD_OPTIONS,
): TrainedHead {
  checkTrainingSet(set);
  const random = seededRandom(options.seed);
  const split = splitByVideo(set.videos.length, options.heldOutFraction, random);
  const heldOutVideos = split.heldOut.map((v) => set.videos[v]!);
  const inputSize = inputSizeOf(set.dim, options.contextSnippets);
  const fitOn = (train: readonly number[], heldOut: readonly number[], o: HeadOptions) => {
    const scaling = standardisation(
      train.map((v) => set.videos[v]!),
      set.dim,
      options.contextSnippets,
    );
    const fit = fitSoftmax(
      {
        videos: set.videos,
        train,
        heldOut,
        dim: set.dim,
        classCount: set.classes.length,
        inputSize,
        scaling: { mean: scaling.mean, inverseStd: Float64Array.from(scaling.std, (s) => 1 / s) },
      },
      o,
      random,
    );
    return { fit, weights: headWeights(fit, scaling, set.classes.length, inputSize) };
  };
  const first = fitOn(split.train, split.heldOut, options);
  const head: TrainedHead = {
    classes: [...set.classes],
    dim: set.dim,
    contextSnippets: options.contextSnippets,
    inputSize,
    ...first.weights,
    options: { ...options },
    metrics: {
      heldOutVideoIds: heldOutVideos.map((v) => v.videoId),
      trainSnippets: first.fit.trainSnippets,
      heldOutSnippets: 0,
      perClass: [],
      accuracy: 0,
      epochs: first.fit.epochs,
    },
  };
  const tally = heldOutTally(head, heldOutVideos);
  head.metrics = {
    ...head.metrics,
    heldOutSnippets: tally.snippets,
    perClass: tally.perClass,
    accuracy: tally.accuracy,
  };
  if (split.heldOut.length === 0 || set.videos.length > REFIT_MAX_VIDEOS) return head;
  const all = [...split.train, ...split.heldOut];
  const refit = fitOn(all, [], {
    ...options,
    maxEpochs: Math.max(1, first.fit.bestEpoch),
    patience: Infinity,
  });
  return {
    ...head,
    ...refit.weights,
    heldOutModel: first.weights,
    metrics: { ...head.metrics, refitOnVideos: all.length },
  };
}

/** The head's layout is [input][class] (what a MatMul takes); training's is [class][input]. */
function headWeights(
  fit: SoftmaxFit,
  scaling: Standardisation,
  classCount: number,
  inputSize: number,
): HeadWeights {
  const weights = new Float32Array(inputSize * classCount);
  for (let c = 0; c < classCount; c++) {
    for (let i = 0; i < inputSize; i++)
      weights[i * classCount + c] = fit.params[c * inputSize + i]!;
  }
  return {
    mean: scaling.mean,
    std: scaling.std,
    weights,
    bias: Float32Array.from(fit.params.subarray(classCount * inputSize)),
  };
}
