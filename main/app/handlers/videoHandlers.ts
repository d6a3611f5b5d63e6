import type { Handlers } from '../../../shared/ipc/contract.ts';
import { ActionlineError } from '../../base/errors.ts';
import { listRuns, readSnippetScores } from '../../project/runs.ts';
import { confirmVideoLabel, removeVideoLabel, setReviewStatus } from '../../project/videoEdits.ts';
import { requireVideo } from '../../project/videos.ts';
import { addVideos } from '../addVideos.ts';
import { frameStartTimes } from '../frameTimes.ts';
import { videoDetail } from '../videoDetail.ts';
import { videoSummaries } from '../videoSummaries.ts';
import type { HandlerScope } from './handlerScope.ts';

/** videos:*, video:* and scores:get: the project's videos, their media and their scores. */
export const videoHandlers = (s: HandlerScope) =>
  ({
    'videos:list': () => videoSummaries(s.db(), s.me()),
    'videos:add': async ({ paths }) => {
      const result = await addVideos(s.db(), paths);
      s.ctx.onChanged(null);
      return {
        added: result.added.map((v) => v.id),
        failures: result.failures,
        notes: result.notes,
      };
    },
    'video:get': ({ videoId }) => videoDetail(s.db(), videoId, s.me(), s.ctx.mediaUrlOf(videoId)),
    'video:frameTimes': async ({ videoId }) => {
      const file = requireVideo(s.db(), videoId).path;
      return { frameStartSec: file ? await frameStartTimes(file) : new Float64Array(0) };
    },
    'video:setReview': ({ videoId, status }) =>
      s.edited(setReviewStatus(s.db(), s.me(), videoId, status)),
    'video:confirmLabel': ({ videoId, label }) =>
      s.edited(confirmVideoLabel(s.db(), s.me(), videoId, label)),
    'video:removeLabel': ({ videoId, label }) =>
      s.edited(removeVideoLabel(s.db(), s.me(), videoId, label)),
    'video:prepareMedia': ({ videoId, playerFailed }) =>
      s.proxies.prepareMedia(videoId, s.linkedPath(videoId), s.ctx.mediaUrlOf(videoId), {
        playerFailed: playerFailed ?? false,
      }),
    'video:shotCuts': async ({ videoId }) => {
      const file = s.linkedPath(videoId);
      const { info } = await s.proxies.probe(file);
      return { timesSec: await s.shotCuts.cuts(file, info.videoStreamIndex) };
    },
    'scores:get': ({ videoId, runId, stream }) => {
      const run = listRuns(s.db()).find((r) => r.id === runId);
      if (!run) throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
      const name = stream ?? run.streams[0]?.stream;
      const scores = name === undefined ? null : readSnippetScores(s.db(), runId, name, videoId);
      if (!scores) {
        throw new ActionlineError('BAD_ARGUMENT', `run ${runId} stored no scores for "${videoId}"`);
      }
      return scores;
    },
  }) satisfies Partial<Handlers>;
