import type { Handlers } from '../../../shared/ipc/contract.ts';
import { ActionlineError } from '../../base/errors.ts';
import { evaluateAgreement } from '../../eval/agreement.ts';
import { learningCurve } from '../../eval/learningCurve.ts';
import { evaluateRun } from '../../eval/projectEval.ts';
import { runSummaries } from '../../eval/runSummaries.ts';
import { findAnnotator } from '../../project/annotators.ts';
import { rederiveRun } from '../../project/rederive.ts';
import type { HandlerScope } from './handlerScope.ts';

/** analysis:*, run:*, runs:* and eval:*: model runs, their re-derivation and evaluation. */
export const runHandlers = (s: HandlerScope) =>
  ({
    'analysis:start': ({ videoIds, model, intervalSec, flowModel, fusion }) =>
      s.ctx.analysis.start(s.db(), {
        videoIds,
        model,
        intervalSec,
        ...(flowModel !== undefined && { flowModel }),
        ...(fusion !== undefined && { fusion }),
        device: s.ctx.device,
        threads: s.ctx.threads,
      }),
    'analysis:cancel': () => ({ cancelled: s.ctx.analysis.cancel() }),
    'run:rederive': ({ runId, sigmaSnippets, nmsTiou, maxSegmentsPerVideo, window }) => {
      const counts = rederiveRun(s.db(), runId, {
        ...(window !== undefined && { window }),
        detection: {
          ...(nmsTiou !== undefined && { nmsTiou }),
          ...(maxSegmentsPerVideo !== undefined && { maxSegmentsPerVideo }),
          ...(sigmaSnippets !== undefined && { tag: { sigmaSnippets } }),
        },
      });
      s.ctx.onChanged(null);
      const { videos, inserted, kept, removed } = counts;
      return { videos, inserted, kept, removed };
    },
    'runs:list': () => runSummaries(s.db()),
    'eval:run': ({ runId, annotator }) => {
      if (annotator === null) return evaluateRun(s.db(), { runId, annotatorId: null });
      const found = annotator === undefined ? s.me() : findAnnotator(s.db(), annotator)?.id;
      if (found === undefined) {
        throw new ActionlineError('BAD_ARGUMENT', `no annotator "${annotator}" in this project`);
      }
      return evaluateRun(s.db(), { runId, annotatorId: found });
    },
    'eval:agreement': ({ annotatorA, annotatorB }) =>
      evaluateAgreement(s.db(), annotatorA, annotatorB),
    'eval:learningCurve': () => learningCurve(s.db(), s.session.annotator),
  }) satisfies Partial<Handlers>;
