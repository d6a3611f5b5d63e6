/**
 * What a training set must be before any maths runs on it, each failure said in the user's
 * terms: the shapes agree, the targets name the set's classes, and there is something to learn.
 */
import { ActionlineError } from '../base/errors.ts';
import type { TrainingSet } from './types.ts';

export function checkTrainingSet(set: TrainingSet): void {
  const bad = (message: string): never => {
    throw new ActionlineError('BAD_ARGUMENT', `cannot train a head: ${message}`);
  };
  if (set.classes[0] !== 'background' || set.classes.length < 2) {
    bad(`the classes must be 'background' and then at least one label`);
  }
  if (!Number.isInteger(set.dim) || set.dim < 1) bad(`a snippet's features have ${set.dim} values`);
  if (set.videos.length < 2) {
    bad(
      `${set.videos.length} reviewed video(s): it needs at least two, one to learn from and one held out to check it`,
    );
  }
  let classSnippets = 0;
  for (const video of set.videos) {
    if (video.dim !== set.dim) {
      bad(`"${video.videoId}" has ${video.dim} values a snippet where the set has ${set.dim}`);
    }
    if (video.half.length !== video.targets.length * set.dim) {
      bad(
        `"${video.videoId}" has ${video.half.length} feature values for ${video.targets.length} snippets of ${set.dim}`,
      );
    }
    for (const target of video.targets) {
      if (!Number.isInteger(target) || target < -1 || target >= set.classes.length) {
        bad(
          `"${video.videoId}" has a snippet of class ${target}, outside 0…${set.classes.length - 1}`,
        );
      }
      if (target > 0) classSnippets++;
    }
  }
  if (classSnippets === 0)
    bad('no snippet of the reviewed videos is of any class (all background)');
}
