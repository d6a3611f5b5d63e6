import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError, isAbortError } from '../../base/errors.ts';
import { formatHeadMetrics } from '../../learn/formatHeadMetrics.ts';
import { listAnnotators, requireAnnotator } from '../../project/annotators.ts';
import { trainProjectHead } from '../../runs/projectHead.ts';
import { EXIT_FAILED, EXIT_OK } from '../support/exitCodes.ts';
import { openExistingProject } from '../support/existingProject.ts';

/** What commander parses for `actionline train` (train.ts), which loads this file when it runs. */
export interface TrainCliOptions {
  annotator?: string;
  backboneRun?: number;
  name?: string;
  seed: number;
  context: number;
}

/**
 * `actionline train` once its options are parsed (train.ts): the notes on what the set holds,
 * the held-out metrics, then the head's name on stdout. Ctrl-C stops the training thread and
 * stores nothing.
 */
export async function trainCommand(projectFile: string, opts: TrainCliOptions): Promise<number> {
  if (!Number.isInteger(opts.seed))
    throw new ActionlineError('BAD_ARGUMENT', '--seed: expected an integer');
  if (!(Number.isInteger(opts.context) && opts.context >= 0 && opts.context <= 50)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      '--context: expected a whole number of snippets from 0 to 50',
    );
  }
  const project = openExistingProject(projectFile);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const annotatorId = chooseAnnotator(project.db, opts.annotator);
    console.error(`${projectFile}: training a head…`);
    const { head, notes } = await trainProjectHead(
      project.db,
      {
        annotatorId,
        ...(opts.backboneRun === undefined ? {} : { backboneRunId: opts.backboneRun }),
        ...(opts.name === undefined ? {} : { name: opts.name }),
        options: { seed: opts.seed, contextSnippets: opts.context },
      },
      controller.signal,
    );
    for (const note of notes) console.error(`note: ${note}`);
    console.error(formatHeadMetrics(head.metrics));
    console.error(
      `stored head "${head.name}" in ${projectFile} (${head.manifest.labels.length - 1} classes over ${head.backbone.modelId} features); ` +
        `\`actionline run ${projectFile} --model head:${head.name}\` derives suggestions with it`,
    );
    console.log(head.name);
    return EXIT_OK;
  } catch (err) {
    if (isAbortError(err)) {
      console.error('interrupted: no head stored');
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    project.close();
  }
}

/** The annotator asked for, or the project's only one. */
function chooseAnnotator(db: DatabaseSync, name: string | undefined): number {
  if (name !== undefined) return requireAnnotator(db, name).id;
  const all = listAnnotators(db);
  if (all.length === 1) return all[0]!.id;
  throw new ActionlineError(
    'BAD_ARGUMENT',
    all.length === 0
      ? "the project has no annotator: a head learns from an annotator's reviewed videos (review some, or `actionline import … --annotator NAME --mark-reviewed`)"
      : `whose review should the head learn? --annotator ${all.map((a) => a.name).join(' | ')}`,
  );
}
