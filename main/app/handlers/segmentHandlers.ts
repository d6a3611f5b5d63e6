import type { Handlers } from '../../../shared/ipc/contract.ts';
import { redo, undo } from '../../project/editLog.ts';
import * as edits from '../../project/segmentEdits.ts';
import type { HandlerScope } from './handlerScope.ts';

/** segment:*, segments:* and history:*: the annotator's edits and their undo/redo. */
export const segmentHandlers = (s: HandlerScope) =>
  ({
    'segment:add': ({ videoId, ...segment }) =>
      s.edited(edits.addSegment(s.db(), s.me(), videoId, segment)),
    'segment:update': ({ segmentId, ...change }) =>
      s.edited(edits.updateSegment(s.db(), s.me(), segmentId, change)),
    'segment:split': ({ segmentId, atSec }) =>
      s.edited(edits.splitSegment(s.db(), s.me(), segmentId, atSec)),
    'segments:merge': ({ segmentIds, label }) =>
      s.edited(edits.mergeSegments(s.db(), s.me(), segmentIds, label)),
    'segments:accept': ({ segmentIds }) =>
      s.edited(edits.acceptSegments(s.db(), s.me(), segmentIds)),
    'segments:reject': ({ segmentIds }) =>
      s.edited(edits.rejectSegments(s.db(), s.me(), segmentIds)),
    'segments:delete': ({ segmentIds }) =>
      s.edited(edits.deleteSegments(s.db(), s.me(), segmentIds)),
    'segments:acceptAbove': ({ videoId, minScore }) =>
      s.edited(edits.bulkAccept(s.db(), s.me(), videoId, minScore)),
    'history:undo': ({ videoId }) => s.outcome(undo(s.db(), s.me(), videoId)),
    'history:redo': ({ videoId }) => s.outcome(redo(s.db(), s.me(), videoId)),
  }) satisfies Partial<Handlers>;
