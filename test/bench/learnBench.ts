import { trainHead, DEFAULT_HEAD_OPTIONS } from '../../main/learn/trainHead.ts';
import { formatHeadMetrics } from '../../main/learn/formatHeadMetrics.ts';
import { syntheticTrainingSet } from '../fixtures/syntheticFeatures.ts';

/**
 * `node test/bench/learnBench.ts`: a project head trained on 50 hours of features at a
 * snippet a second (issue 26's target: 180,000 snippets × 1024 values in ≤ 30 s, ≤ 1 GB):
 * 100 synthetic videos of 1,800 snippets, 4 labels, default options. Prints the seconds to
 * make the set and to train (wall and CPU), the peak RSS, the held-out metrics, and one JSON
 * line last.
 * Options: --videos <n> (default 100), --noise <spread> (default 3).
 */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const videos = Number(option('--videos') ?? 100);
const noise = Number(option('--noise') ?? 3);
let started = performance.now();
const set = syntheticTrainingSet({
  videos,
  snippetsPerVideo: 1800,
  dim: 1024,
  labels: 4,
  noise,
  seed: 7,
});
const makeSec = (performance.now() - started) / 1000;
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
started = performance.now();
const cpuBefore = process.cpuUsage();
const head = trainHead(set, DEFAULT_HEAD_OPTIONS);
const trainSec = (performance.now() - started) / 1000;
// CPU seconds beside wall seconds: on a shared machine the wall clock counts others' work too.
const trainCpuSec = process.cpuUsage(cpuBefore).user / 1e6;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(formatHeadMetrics(head.metrics));
const result = {
  snippets: set.videos.length * 1800,
  dim: set.dim,
  makeSec: Math.round(makeSec * 100) / 100,
  trainSec: Math.round(trainSec * 100) / 100,
  trainCpuSec: Math.round(trainCpuSec * 100) / 100,
  rssBeforeTrainMb: Math.round(rssBeforeMb),
  peakRssMb: Math.round(peakRssMb),
  epochs: head.metrics.epochs,
  trainSnippetsPerEpoch: head.metrics.trainSnippets,
  accuracy: head.metrics.accuracy,
};
console.log(JSON.stringify(result));
