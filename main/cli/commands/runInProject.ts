import os from 'node:os';
import {
  analyzeVideos,
  type AnalyzeOutcome,
  type AnalyzeRequest,
} from '../../app/analyzeVideos.ts';
import { ForkedAnalysisHost } from '../../host/forkedHost.ts';
import type { Project } from '../../project/project.ts';
import { requireVideo } from '../../project/videos.ts';
import { BatchEta, fileBytes } from '../support/batchEta.ts';
import { EXIT_FAILED, EXIT_OK } from '../support/exitCodes.ts';
import { ProgressBar } from '../support/progressBar.ts';

/**
 * A model run into the project from the command line (`run`, `add --prelabel`): the app's
 * run (analyzeVideos) in the forked worker the CLI's other commands use, with a progress bar
 * and the time left. Each video's snippet scores and predictions are stored as it finishes,
 * so Ctrl-C or a failing video keeps what was done, and `run --resume` scores the rest.
 */
export async function runInProject(
  project: Project,
  request: AnalyzeRequest,
): Promise<{ exitCode: number; outcome: AnalyzeOutcome }> {
  const host = new ForkedAnalysisHost();
  host.warm();
  const bar = new ProgressBar();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const ids = request.videoIds;
  const n = ids.length;
  const eta = new BatchEta(
    ids.map((id) => {
      const file = requireVideo(project.db, id).path;
      return file === null ? 1 : fileBytes(file);
    }),
  );
  let finished = 0;
  try {
    const outcome = await analyzeVideos(project.db, host, request, {
      signal: controller.signal,
      onEvent: (e) => {
        switch (e.type) {
          case 'model':
            bar.log(
              `run ${e.runId}: model ${request.model} on ${e.model.provider} (${os.availableParallelism()} cores)`,
            );
            for (const note of e.model.fallbackNotes) bar.log(`note: ${note}`);
            return;
          case 'progress': {
            const index = ids.indexOf(e.videoId);
            const f = e.totalSnippets > 0 ? e.doneSnippets / e.totalSnippets : 0;
            bar.update({
              fraction: eta.fraction(index, f),
              label: `${index + 1}/${n} ${e.videoId}`,
            });
            return;
          }
          case 'videoDone':
            finished += 1;
            bar.log(
              `scored ${e.videoId}: ${e.suggestions} suggestions, ${e.segments} ranked segments` +
                ` · ${finished}/${n}, ETA ${eta.remaining(finished)}`,
            );
            return;
          case 'videoFailed':
            finished += 1;
            bar.log(`failed: ${e.videoId}: ${e.error.message}`);
            return;
        }
      },
    });
    bar.done();
    console.error(
      `stored run ${outcome.runId} in ${project.file}: ${outcome.done.length} of ${n} videos ` +
        'scored (snippet scores, suggestions to review, ranked detections as alternatives)' +
        (outcome.failures.length > 0 ? `, ${outcome.failures.length} failed` : '') +
        (outcome.cancelled
          ? `; interrupted: \`actionline run ${project.file} --resume ${outcome.runId}\` scores the rest`
          : ''),
    );
    const failed = outcome.failures.length > 0 || outcome.cancelled;
    return { exitCode: failed ? EXIT_FAILED : EXIT_OK, outcome };
  } finally {
    process.off('SIGINT', onSigint);
    bar.done();
    await host.close();
  }
}
