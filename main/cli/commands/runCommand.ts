import type { DatabaseSync } from 'node:sqlite';
import type { AnalyzeRequest } from '../../app/analyzeVideos.ts';
import { ActionlineError } from '../../base/errors.ts';
import type { Device } from '../../inference/executionProviders.ts';
import { loadModel } from '../../inference/manifest.ts';
import type { FlowEngineKind } from '../../pipeline/flowStage.ts';
import { listRuns, videosScoredByRun } from '../../project/runs.ts';
import { listVideos, requireVideo } from '../../project/videos.ts';
import { HEAD_PREFIX } from '../../runs/headModel.ts';
import { recordedRun } from '../../runs/modelRun.ts';
import { parseFusion } from '../../runs/streamJob.ts';
import { EXIT_OK } from '../support/exitCodes.ts';
import { openExistingProject } from '../support/existingProject.ts';
import { samplingFromCli, type SamplingCliOptions } from '../support/samplingOptions.ts';
import { runInProject } from './runInProject.ts';

/** What commander parses for `actionline run` (run.ts), which loads this file when it runs. */
export interface RunCliOptions extends SamplingCliOptions {
  model: string;
  flowModel?: string;
  fusion?: string;
  flowEngine: FlowEngineKind;
  /** Video ids, each option value may hold several separated by commas. */
  videos?: string[];
  device: Device;
  batch: number;
  threads: number;
  refineEdges: boolean;
  resume?: number;
}

/** Options that set how a run samples and derives: a resumed run keeps its own. */
const RUN_SETTING_OPTIONS = [
  'task',
  'plan',
  'interval',
  'window',
  'stride',
  'exactFrames',
  'refineEdges',
  'flowModel',
  'fusion',
  'flowEngine',
] as const;

/**
 * `actionline run` once its options are parsed (run.ts): a new run, or the rest of one
 * (`--resume`), stored in the project; the run's id on stdout. `given(name)`: the option was
 * on the command line (not its default).
 */
export async function runCommand(
  projectFile: string,
  opts: RunCliOptions,
  given: (option: string) => boolean,
): Promise<number> {
  const project = openExistingProject(projectFile);
  try {
    const request =
      opts.resume === undefined
        ? await newRun(project.db, opts)
        : await resumedRun(project.db, opts, given);
    if (request.videoIds.length === 0) {
      console.error(`${projectFile}: no video left to score`);
      if (request.resume) console.log(request.resume.runId);
      return EXIT_OK;
    }
    const { exitCode, outcome } = await runInProject(project, request);
    console.log(outcome.runId);
    return exitCode;
  } finally {
    project.close();
  }
}

async function newRun(db: DatabaseSync, opts: RunCliOptions): Promise<AnalyzeRequest> {
  const sampling = samplingFromCli(opts);
  if (opts.fusion !== undefined && opts.flowModel === undefined) {
    throw new ActionlineError('BAD_ARGUMENT', '--fusion needs --flow-model');
  }
  return {
    videoIds: chooseVideos(db, opts.videos),
    model: opts.model,
    intervalSec: opts.interval,
    device: opts.device,
    threads: opts.threads,
    ...(opts.flowModel === undefined ? {} : { flowModel: opts.flowModel }),
    ...(opts.fusion === undefined ? {} : { fusion: parseFusion(opts.fusion) }),
    flowEngine: opts.flowEngine,
    sampling: {
      task: opts.task,
      plan: sampling.plan,
      window: sampling.window,
      exactFrames: sampling.exactFrames === true,
      refineEdges: opts.refineEdges,
      batchSnippets: opts.batch,
    },
  };
}

/** The rest of a stored run: its videos not scored yet, with the settings it recorded. */
async function resumedRun(
  db: DatabaseSync,
  opts: RunCliOptions,
  given: (option: string) => boolean,
): Promise<AnalyzeRequest> {
  const runId = opts.resume!;
  const run = listRuns(db).find((r) => r.id === runId);
  if (!run) throw new ActionlineError('BAD_ARGUMENT', `this project has no run ${runId}`);
  const recorded = recordedRun(run);
  if (!recorded) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId} (${run.modelId}) was not made by a model run that can be resumed (an imported file, or an older version's run)`,
    );
  }
  const overridden = RUN_SETTING_OPTIONS.filter((o) => given(o));
  if (overridden.length > 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--resume runs with run ${runId}'s own settings: leave out ${overridden.map(optionName).join(', ')}`,
    );
  }
  // A model given by path must be the run's; by default the run's model id.
  const model = given('model') ? opts.model : recorded.modelId;
  // A head's run names its head (head:NAME), which is no model file to load.
  const modelId = model.startsWith(HEAD_PREFIX) ? model : (await loadModel(model)).manifest.id;
  if (modelId !== recorded.modelId) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId} ran ${recorded.modelId}, not ${modelId} (--model)`,
    );
  }
  const scored = videosScoredByRun(db, runId);
  const left = chooseVideos(db, opts.videos).filter((id) => !scored.has(id));
  console.error(
    `resuming run ${runId} (${recorded.modelId}): ${scored.size} videos scored, ${left.length} to go`,
  );
  return {
    videoIds: left,
    model,
    intervalSec: 1, // the recorded plan below says the interval
    device: opts.device,
    threads: opts.threads,
    ...(recorded.flowModelId === undefined ? {} : { flowModel: recorded.flowModelId }),
    ...(recorded.fusion === undefined ? {} : { fusion: recorded.fusion }),
    ...(recorded.flowEngine === undefined ? {} : { flowEngine: recorded.flowEngine }),
    sampling: { ...recorded.choices, batchSnippets: opts.batch },
    resume: { runId, derivation: recorded.derivation },
  };
}

/**
 * The videos asked for (each must be in the project with a file), or every video that has a
 * file, saying how many have none.
 */
function chooseVideos(db: DatabaseSync, requested: string[] | undefined): string[] {
  if (requested !== undefined) {
    const ids = [...new Set(requested.filter((id) => id !== ''))];
    for (const id of ids) {
      if (requireVideo(db, id).path === null) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `video "${id}" has no media file linked: \`actionline add\` links one`,
        );
      }
    }
    return ids;
  }
  const videos = listVideos(db);
  const withFile = videos.filter((v) => v.path !== null).map((v) => v.id);
  const without = videos.length - withFile.length;
  if (without > 0) {
    console.error(
      `${without} video(s) without a media file left out (\`actionline add\` links their files)`,
    );
  }
  return withFile;
}

function optionName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
