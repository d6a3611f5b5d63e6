import type { Handlers } from '../../../shared/ipc/contract.ts';
import { doctorReportText } from '../../diagnostics/runDoctor.ts';
import { loadSettings, updateSettings } from '../../settings.ts';
import { settingsView } from '../settingsView.ts';
import type { HandlerScope } from './handlerScope.ts';

/** settings:* and diagnostics:*: the user's settings and the doctor's report. */
export const settingsHandlers = ({ session }: HandlerScope) =>
  ({
    'diagnostics:report': async () => ({
      text: await doctorReportText(session.hasProject ? session.project.file : undefined),
    }),
    'settings:get': () => settingsView(loadSettings()),
    'settings:update': (patch) => settingsView(updateSettings(patch)),
  }) satisfies Partial<Handlers>;
