import path from 'node:path';
import { analyzeVideos } from '../../../main/app/analyzeVideos.ts';
import type { AnalysisHost } from '../../../main/host/analysisHost.ts';
import { trainHead, DEFAULT_HEAD_OPTIONS } from '../../../main/learn/trainHead.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun } from '../../../main/project/runs.ts';
import { storeRunVideo } from '../../../main/project/storeRun.ts';
import { trainingSet } from '../../../main/project/trainingSet.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { requireAnnotator } from '../../../main/project/annotators.ts';
import { trainProjectHead } from '../../../main/runs/projectHead.ts';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import { syntheticTrainingSet } from '../../fixtures/syntheticFeatures.ts';
import { headSuggestions } from './headSuggestions.ts';
import { importReviewed } from './importReviewed.ts';

/**
 * Issue 26's timing target for re-deriving: 100 videos totalling 10 hours of stored features
 * (one snippet a second, 1024 values, synthetic: test/fixtures/syntheticFeatures.ts) get new
 * suggestions from a head in ≤ 10 s. The features are stored in a project as a backbone run
 * stores them (float16), a head is trained on 10 of the videos' ground truth, and all 100 are
 * re-derived twice: in process (headSuggestions.ts: read, head maths, derive) and through
 * the real run path (`run --model head:NAME --no-refine-edges`: analyzeVideos → analyzeHead.ts,
 * the head's ONNX graph, the predictions stored).
 */
export interface RederiveTiming {
  videos: number;
  hours: number;
  snippets: number;
  inProcessSec: number;
  headRunSec: number;
  suggestions: number;
}

const VIDEOS = 100;
const SNIPPETS = 360;
const REVIEWED = 10;

export async function rederiveTiming(dir: string, host: AnalysisHost): Promise<RederiveTiming> {
  const set = syntheticTrainingSet({
    videos: VIDEOS,
    snippetsPerVideo: SNIPPETS,
    dim: 1024,
    labels: 4,
    noise: 3,
    seed: 26,
  });
  const project = Project.open(path.join(dir, 'rederive.actionline'), { create: true });
  try {
    const { db } = project;
    setActiveLabelSet(db, createLabelSet(db, 'synthetic', set.classes.slice(1)));
    const runId = createRun(db, {
      modelId: 'synthetic-backbone',
      modelVersion: '1',
      params: { plan: 'interval', intervalSec: 1 },
      streams: [{ stream: 'rgb', modelId: 'synthetic-backbone', weight: 1, labels: ['x'] }],
    });
    const centres = Float64Array.from({ length: SNIPPETS }, (_, k) => k);
    for (const v of set.videos) {
      upsertVideo(db, {
        id: v.videoId,
        durationSec: SNIPPETS,
        fpsNum: 25,
        fpsDen: 1,
        frameCount: SNIPPETS * 25,
        variableFrameRate: false,
      });
      storeRunVideo(db, runId, {
        videoId: v.videoId,
        scores: {
          rgb: {
            classCount: 1,
            labels: ['x'],
            snippetCenterSec: centres,
            scores: new Float32Array(SNIPPETS),
            kind: 'logits',
          },
        },
        segments: [],
        labels: [],
        features: { dim: set.dim, values: Float32Array.from(new Float16Array(v.half.buffer)) },
      });
    }
    const truth = set.videos.slice(0, REVIEWED).map((v) => ({
      id: v.videoId,
      durationSec: SNIPPETS,
      groundTruth: segmentsOf(v.targets, set.classes),
    }));
    importReviewed(project, truth, 'oracle');
    const annotatorId = requireAnnotator(db, 'oracle').id;
    const head = trainHead(trainingSet(db, { annotatorId }).set, DEFAULT_HEAD_OPTIONS);
    await trainProjectHead(db, { annotatorId, name: 'synthetic' });

    let started = performance.now();
    let suggestions = 0;
    for (const v of set.videos) {
      const video = { backboneRunId: runId, videoId: v.videoId, durationSec: SNIPPETS, fps: 25 };
      suggestions += headSuggestions(db, head, video).length;
    }
    const inProcessSec = (performance.now() - started) / 1000;
    started = performance.now();
    const outcome = await analyzeVideos(db, host, {
      videoIds: set.videos.map((v) => v.videoId),
      model: 'head:synthetic',
      intervalSec: 1,
      device: 'cpu',
      threads: 0,
      sampling: {
        task: 'detection',
        plan: { kind: 'interval', intervalSec: 1 },
        refineEdges: false,
      },
    });
    const headRunSec = (performance.now() - started) / 1000;
    if (outcome.failures.length > 0) throw new Error(JSON.stringify(outcome.failures[0]));
    return {
      videos: VIDEOS,
      hours: (VIDEOS * SNIPPETS) / 3600,
      snippets: VIDEOS * SNIPPETS,
      inProcessSec,
      headRunSec,
      suggestions,
    };
  } finally {
    project.close();
  }
}

/** Runs of one class as segments: snippet k (centre k s) covers [k, k + 1). */
function segmentsOf(targets: Int32Array, classes: readonly string[]): ScoredSegment[] {
  const out: ScoredSegment[] = [];
  for (let k = 0; k < targets.length;) {
    let end = k + 1;
    while (end < targets.length && targets[end] === targets[k]) end++;
    if (targets[k]! > 0)
      out.push({ startSec: k, endSec: end, label: classes[targets[k]!]!, score: 1 });
    k = end;
  }
  return out;
}
