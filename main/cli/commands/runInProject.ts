import os from 'node:os';
import { analyzeVideos } from '../../app/analyzeVideos.ts';
import { ForkedAnalysisHost } from '../../inference/host/forkedHost.ts';
import type { Project } from '../../project/project.ts';
import { EXIT_FAILED, EXIT_OK } from '../support/exitCodes.ts';
import { ProgressBar } from '../support/progressBar.ts';
import type { AddCliOptions } from './add.ts';

/**
 * `actionline add --prelabel`: the app's model run (analyzeVideos) over the videos just added,
 * in the forked worker the CLI's other commands use. Each video's snippet scores and
 * predictions are stored as it finishes, so Ctrl-C or a failing video keeps what was done.
 */
export async function prelabelInProject(
  project: Project,
  videoIds: string[],
  opts: AddCliOptions,
): Promise<number> {
  const host = new ForkedAnalysisHost();
  host.warm();
  const bar = new ProgressBar();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const n = videoIds.length;
  try {
    const outcome = await analyzeVideos(
      project.db,
      host,
      {
        videoIds,
        model: opts.model,
        intervalSec: opts.interval,
        device: opts.device,
        threads: opts.threads,
      },
      {
        signal: controller.signal,
        onEvent: (e) => {
          switch (e.type) {
            case 'model':
              bar.log(
                `model ${opts.model} on ${e.model.provider} (${os.availableParallelism()} cores)`,
              );
              for (const note of e.model.fallbackNotes) bar.log(`note: ${note}`);
              return;
            case 'progress': {
              const index = videoIds.indexOf(e.videoId);
              const f = e.totalSnippets > 0 ? e.doneSnippets / e.totalSnippets : 0;
              bar.update({ fraction: (index + f) / n, label: `${index + 1}/${n} ${e.videoId}` });
              return;
            }
            case 'videoDone':
              bar.log(
                `scored ${e.videoId}: ${e.suggestions} suggestions, ${e.segments} ranked segments`,
              );
              return;
            case 'videoFailed':
              bar.log(`failed: ${e.videoId}: ${e.error.message}`);
              return;
          }
        },
      },
    );
    bar.done();
    console.error(
      `stored run ${outcome.runId} in ${project.file}: ${outcome.done.length} of ${n} videos ` +
        'scored (snippet scores, suggestions to review, ranked detections as alternatives)' +
        (outcome.failures.length > 0 ? `, ${outcome.failures.length} failed` : '') +
        (outcome.cancelled ? ', interrupted' : ''),
    );
    return outcome.failures.length > 0 || outcome.cancelled ? EXIT_FAILED : EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
    bar.done();
    await host.close();
  }
}
