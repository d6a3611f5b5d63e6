/**
 * Average mAP over tIoU 0.5:0.05:0.95 as the official ActivityNet eval_detection.py computes
 * it, transcribed here on its own (not main/eval) so the end-to-end spec checks the number
 * the Evaluation view shows against an independent computation. Classes are the ground
 * truth's; predictions of other labels count toward none. Equal scores keep their input
 * order (numpy leaves that order unspecified).
 */
export interface Instance {
  videoId: string;
  label: string;
  startSec: number;
  endSec: number;
}

export interface Prediction extends Instance {
  score: number;
}

/** np.linspace(0.5, 0.95, 10): i · step + 0.5, the last exactly 0.95. */
const THRESHOLDS = Array.from({ length: 10 }, (_, i) =>
  i === 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5,
);

function segmentIou(a: Instance, b: Instance): number {
  const inter = Math.max(0, Math.min(a.endSec, b.endSec) - Math.max(a.startSec, b.startSec));
  return inter / (a.endSec - a.startSec + (b.endSec - b.startSec) - inter);
}

/** interpolated_prec_rec */
function interpolatedPrecRec(prec: number[], rec: number[]): number {
  const mprec = [0, ...prec, 0];
  const mrec = [0, ...rec, 1];
  for (let i = mprec.length - 2; i >= 0; i--) mprec[i] = Math.max(mprec[i]!, mprec[i + 1]!);
  let ap = 0;
  for (let i = 1; i < mrec.length; i++) {
    if (mrec[i] !== mrec[i - 1]) ap += (mrec[i]! - mrec[i - 1]!) * mprec[i]!;
  }
  return ap;
}

/** compute_average_precision_detection: AP of one class at each threshold. */
function classAp(truth: Instance[], predictions: Prediction[]): number[] {
  if (predictions.length === 0) return THRESHOLDS.map(() => 0);
  const sorted = [...predictions].sort((a, b) => b.score - a.score);
  const lock = THRESHOLDS.map(() => new Array<boolean>(truth.length).fill(false));
  const tp = THRESHOLDS.map(() => new Array<number>(sorted.length).fill(0));
  sorted.forEach((p, idx) => {
    const mine = truth.map((g, i) => ({ g, i })).filter(({ g }) => g.videoId === p.videoId);
    const tious = mine.map(({ g }) => segmentIou(p, g));
    const order = tious.map((_, j) => j).sort((a, b) => tious[b]! - tious[a]!);
    THRESHOLDS.forEach((threshold, t) => {
      for (const j of order) {
        if (tious[j]! < threshold) break;
        if (lock[t]![mine[j]!.i]) continue;
        tp[t]![idx] = 1;
        lock[t]![mine[j]!.i] = true;
        break;
      }
    });
  });
  return THRESHOLDS.map((_, t) => {
    let tpSum = 0;
    const prec: number[] = [];
    const rec: number[] = [];
    tp[t]!.forEach((hit, k) => {
      tpSum += hit;
      rec.push(tpSum / truth.length);
      prec.push(tpSum / (k + 1));
    });
    return interpolatedPrecRec(prec, rec);
  });
}

/** The headline number: the mean over thresholds of the mean over classes. */
export function averageMap(truth: Instance[], predictions: Prediction[]): number {
  const classes = [...new Set(truth.map((g) => g.label))];
  const perClass = classes.map((label) =>
    classAp(
      truth.filter((g) => g.label === label),
      predictions.filter((p) => p.label === label),
    ),
  );
  const mAP = THRESHOLDS.map((_, t) => perClass.reduce((s, ap) => s + ap[t]!, 0) / classes.length);
  return mAP.reduce((s, m) => s + m, 0) / mAP.length;
}
