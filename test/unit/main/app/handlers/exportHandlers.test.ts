import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../../../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../../../main/app/appSession.ts';
import { createRouter } from '../../../../../main/app/router.ts';
import { createHandlers } from '../../../../../main/app/handlers.ts';
import { ForkedAnalysisHost } from '../../../../../main/host/forkedHost.ts';
import type { ExportOutcome } from '../../../../../shared/ipc/contract.ts';
import type { Result } from '../../../../../shared/result.ts';
import { tempProject } from '../../formats/export/exportFixtures.ts';
import { addOverlappingRuns } from '../../formats/export/predictionsProject.ts';

/** The app's export writes what the CLI's does: without a run, each video's newest, named. */
const session = new AppSession('alice');
afterEach(() => session.close());

describe('export:write', () => {
  it("writes each video's newest run and says which run each video came from", async () => {
    const project = tempProject();
    const { older, newer } = addOverlappingRuns(project);
    const file = project.file;
    project.close();
    session.open(file, false);
    // The worker process starts on the first job only; this test never starts one.
    const router = createRouter(
      createHandlers({
        session,
        analysis: new AnalysisRunner(new ForkedAnalysisHost(), { progress() {}, status() {} }),
        shell: 'electron',
        mediaUrlOf: (id) => `/media/${id}`,
        device: 'cpu',
        threads: 1,
        onChanged: () => {},
      }),
    );
    const out = path.join(path.dirname(file), 'results.json');
    const result = (await router.handle('export:write', {
      format: 'activitynet-results',
      file: out,
    })) as Result<ExportOutcome>;
    expect(result).toEqual({
      ok: true,
      value: {
        file: out,
        notes: [
          `from each video's newest run: run ${older} (motion, 2026-12-05) for 1 video, run ${newer} (tsn-rgb, 2026-12-07) for 2 videos`,
          '1 video also has predictions of an older run, not written',
        ],
        warnings: [],
      },
    });
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      results: Record<string, unknown>;
      actionline: { runs: { run: number; videos: string[] }[] };
    };
    expect(json.results.b).toEqual([{ label: 'Shotput', score: 0.6, segment: [4, 5] }]);
    expect(json.actionline.runs.map((r) => [r.run, r.videos])).toEqual([
      [older, ['a']],
      [newer, ['b', 'c']],
    ]);
  });
});
