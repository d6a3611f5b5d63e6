/**
 * Evaluation speed: 5,000 ground-truth videos (200 classes) and 12,000 predictions, for each
 * task. Issue 5 targets under 2 s per evaluation; this reports, it does not assert.
 *
 *   nice -n 10 node_modules/.bin/node test/bench/evalBench.ts
 *
 * Prints wall seconds for parsing (JSON text → validated files) and for each evaluation.
 */
import { evaluateClassification } from '../../main/eval/classification.ts';
import { evaluateDetection } from '../../main/eval/detection.ts';
import { evaluateProposals } from '../../main/eval/proposals.ts';
import { parseGroundTruth } from '../../main/activitynet/parseGroundTruth.ts';
import { parseJsonText } from '../../main/activitynet/readJsonFile.ts';
import { parseResults } from '../../main/activitynet/parseResults.ts';
import { randomCase } from '../crosscheck/randomCase.ts';

function timed<T>(work: () => T): { sec: number; value: T } {
  const t0 = performance.now();
  const value = work();
  return { sec: (performance.now() - t0) / 1000, value };
}

const SIZE = { videos: 5000, classes: 200, predictions: 12000 };
const testCase = randomCase(2024, SIZE);
const text = {
  gt: JSON.stringify(testCase.gt),
  detection: JSON.stringify(testCase.detection),
  classification: JSON.stringify(testCase.classification),
  proposals: JSON.stringify(testCase.proposals),
};

const parse = timed(() => ({
  gt: parseGroundTruth(parseJsonText(text.gt, 'gt.json'), 'gt.json'),
  detection: parseResults(parseJsonText(text.detection, 'det.json'), 'det.json', 'detection'),
  classification: parseResults(
    parseJsonText(text.classification, 'cls.json'),
    'cls.json',
    'classification',
  ),
  proposals: parseResults(parseJsonText(text.proposals, 'prop.json'), 'prop.json', 'proposals'),
}));
const files = parse.value;
const detection = timed(() => evaluateDetection(files.gt, files.detection));
const classification = timed(() => evaluateClassification(files.gt, files.classification));
const proposals = timed(() => evaluateProposals(files.gt, files.proposals));

console.log(
  `${SIZE.videos} videos, ${SIZE.classes} classes, ${SIZE.predictions} predictions (node ${process.version})`,
);
console.log(`parse (4 files)   ${parse.sec.toFixed(3)} s`);
console.log(
  `detection         ${detection.sec.toFixed(3)} s   average mAP ${detection.value.averageMAP?.toFixed(4)}`,
);
console.log(
  `classification    ${classification.sec.toFixed(3)} s   mAP ${classification.value.mAP?.toFixed(4)}`,
);
console.log(
  `proposals         ${proposals.sec.toFixed(3)} s   AUC ${proposals.value.auc?.toFixed(2)} %`,
);
