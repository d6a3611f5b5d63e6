import type { SettingsView } from '../../shared/ipc/contract.ts';
import type { LoadedSettings } from '../base/settings.ts';

export function settingsView(loaded: LoadedSettings): SettingsView {
  const s = loaded.settings;
  return {
    file: loaded.path,
    modelsFolder: s.modelsFolder ?? null,
    defaultDevice: s.defaultDevice,
    ffmpegPath: s.ffmpegPath ?? null,
    ffprobePath: s.ffprobePath ?? null,
    review: {
      preRollSec: s.preRollSec,
      postRollSec: s.postRollSec,
      reactionSec: s.reactionSec,
      playNextAfterDecision: s.playNextAfterDecision,
    },
    trainAfterReviewed: s.trainAfterReviewed,
    problems: loaded.problems,
  };
}
