import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../main/app/appSession.ts';
import { createHandlers } from '../../../main/app/handlers.ts';
import { createRouter } from '../../../main/app/router.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { AnalysisStatus } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/result.ts';
import { benchVideo } from '../../fixtures/videos.ts';

/**
 * Opening another project while a model run is writing into the open one: the run is
 * cancelled and has ended before the first project's database is closed, so nothing writes
 * into a closed database and the first file stays whole.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'actionline-open-during-run-'));
const host = new ForkedAnalysisHost();
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('project:open during a model run', () => {
  it('cancels the run, waits for it, then opens the other project', async () => {
    // Long enough that the run is still going when the other project opens.
    const clip = await benchVideo({ durationSec: 60, widthPx: 640, heightPx: 360 });
    for (const name of ['a.mp4', 'b.mp4']) copyFileSync(clip, path.join(dir, name));
    const statuses: AnalysisStatus[] = [];
    const session = new AppSession('alice');
    const analysis = new AnalysisRunner(host, {
      progress: () => {},
      status: (s) => statuses.push(s),
    });
    const router = createRouter(
      createHandlers({
        session,
        analysis,
        shell: 'web',
        mediaUrlOf: (id) => `/media/${id}`,
        device: 'cpu',
        threads: 1,
        onChanged: () => {},
      }),
    );
    const call = async <T>(channel: string, request: unknown): Promise<T> => {
      const r = (await router.handle(channel, request)) as Result<T>;
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value;
    };
    const first = path.join(dir, 'first.actionline');
    await call('project:open', { file: first, create: true });
    await call('videos:add', { paths: [path.join(dir, 'a.mp4'), path.join(dir, 'b.mp4')] });
    await call('analysis:start', {
      videoIds: ['a', 'b'],
      model: 'motion',
      intervalSec: 0.5,
    });
    const second = path.join(dir, 'second.actionline');
    const opened = await call<{ file: string }>('project:open', { file: second, create: true });
    expect(opened.file).toBe(second);
    expect(statuses.at(-1)?.state).toBe('cancelled');
    expect(analysis.running).toBe(false);
    session.close();
    // The first project is whole: it passes SQLite's check and holds its run.
    const db = new DatabaseSync(first, { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect((db.prepare('SELECT count(*) AS n FROM model_runs').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });
});
