import type { Handlers } from '../../../shared/ipc/contract.ts';
import { doctorReportText } from '../../diagnostics/runDoctor.ts';
import { ActionlineError } from '../../base/errors.ts';
import { loadSettings, settingsFilePath, updateSettings } from '../../base/settings.ts';
import { settingsView } from '../settingsView.ts';
import type { HandlerScope } from './handlerScope.ts';

/** settings:* and diagnostics:*: the user's settings and the doctor's report. */
export const settingsHandlers = ({ session, ctx }: HandlerScope) =>
  ({
    'diagnostics:report': async () => ({
      text: await doctorReportText(
        session.hasProject ? session.project.file : undefined,
        ctx.launchProcess,
      ),
    }),
    'settings:get': () => settingsView(loadSettings()),
    // The contract lets ffmpeg/ffprobe paths only be reset here; setting one is pickExecutable.
    'settings:update': (patch) => settingsView(updateSettings(patch)),
    'settings:pickExecutable': async ({ tool }) => {
      if (!ctx.pickExecutable) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `${tool} is chosen in the desktop app or set as ${tool}Path in ${settingsFilePath()}; the web shell does not set programs to run`,
        );
      }
      const picked = await ctx.pickExecutable(tool);
      if (picked === null) return settingsView(loadSettings());
      return settingsView(
        updateSettings(tool === 'ffmpeg' ? { ffmpegPath: picked } : { ffprobePath: picked }),
      );
    },
  }) satisfies Partial<Handlers>;
