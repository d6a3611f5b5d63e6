import type { Handlers } from '../../../shared/ipc/contract.ts';
import { ActionlineError } from '../../base/errors.ts';
import { checkModel } from '../../inference/checkModel.ts';
import { installedModelIds, loadModel, type LoadedModel } from '../../inference/manifest.ts';
import { requireVideo } from '../../project/videos.ts';
import { addCaffeModel, addOnnxModel } from '../addModel.ts';
import type { HandlerScope } from './handlerScope.ts';

/** models:*: the installed models, adding one, and checking one on a video. */
export const modelHandlers = (s: HandlerScope) =>
  ({
    // A broken model folder must not hide the others: it is left out of the list (running
    // it by id still reports what is wrong with it).
    'models:list': async () =>
      (await Promise.allSettled(installedModelIds().map((id) => loadModel(id))))
        .filter((r): r is PromiseFulfilledResult<LoadedModel> => r.status === 'fulfilled')
        .map((r) => modelInfo(r.value)),
    'models:addCaffe': async ({ prototxt, weights, preset, id }) =>
      modelInfo(
        await addCaffeModel({
          prototxtPath: prototxt,
          weightsPath: weights,
          preset,
          ...(id !== undefined && { id }),
        }),
      ),
    'models:addOnnx': async ({ manifest }) => modelInfo(await addOnnxModel(manifest)),
    'models:check': async ({ model, videoId, atSec }) => {
      const file = requireVideo(s.db(), videoId).path;
      if (!file) throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}" has no media file`);
      return checkModel(await loadModel(model), file, {
        device: s.ctx.device,
        ...(atSec !== undefined && { atSec }),
      });
    },
  }) satisfies Partial<Handlers>;

function modelInfo(model: LoadedModel) {
  return { id: model.manifest.id, name: model.manifest.name, labels: model.labels };
}
