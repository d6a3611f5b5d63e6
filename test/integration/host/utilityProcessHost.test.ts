import os from 'node:os';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { utilityProcessLauncher } from '../../../main/app/utilityWorker.ts';
import { doctorReportText } from '../../../main/diagnostics/runDoctor.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { forkUtilityProcessStandIn } from '../../fixtures/electronUtilityProcessStandIn/standIn.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';
import { testScoreJob } from '../../fixtures/scoreJob.ts';

/**
 * The desktop app's analysis host: the worker as an Electron utilityProcess, behind the same
 * AnalysisHost. Electron cannot run here, so utilityProcess.fork is a stand-in (a fork
 * dressed as one on both sides, with the fork's own channel taken away from the worker);
 * everything else — launcher, transports, the worker's parent-port side — is the app's.
 */
let job: ScoreJob;
const hosts: ForkedAnalysisHost[] = [];
const utilityHost = () => {
  const host = new ForkedAnalysisHost({
    launch: utilityProcessLauncher(forkUtilityProcessStandIn),
  });
  hosts.push(host);
  return host;
};

beforeAll(async () => {
  const video = await motionTestVideo();
  job = testScoreJob(video.path, {
    plan: { kind: 'interval', intervalSec: 0.5 },
  });
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

describe('the analysis worker as a utilityProcess', () => {
  it('scores a video to the same numbers as the forked worker', async () => {
    const viaPort = await utilityHost().score(job);
    const forked = new ForkedAnalysisHost();
    hosts.push(forked);
    const viaFork = await forked.score(job);
    expect(viaPort.snippets).toHaveLength(32);
    expect([...viaPort.scores.scores]).toEqual([...viaFork.scores.scores]);
  });

  it('a worker that dies mid-job fails that job as WORKER_CRASHED; the next job starts a new one', async () => {
    const host = utilityHost();
    let killed: number | undefined;
    const first = host.score(job, {
      onProgress: () => {
        if (killed !== undefined || host.pid === undefined) return;
        killed = host.pid;
        process.kill(killed, 'SIGKILL');
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    const second = await host.score(job);
    expect(second.snippets).toHaveLength(32);
    expect(host.pid).not.toBe(killed);
  });

  it('a cancel that does not stop in time kills only that worker (by pid), and says CANCELLED', async () => {
    const host = new ForkedAnalysisHost({
      cancelGraceMs: 1,
      launch: utilityProcessLauncher(forkUtilityProcessStandIn),
    });
    hosts.push(host);
    const controller = new AbortController();
    const running = host.score(job, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await host.score(job)).snippets).toHaveLength(32);
  });

  it("the doctor's child process answers as a utilityProcess too (the Diagnostics view)", async () => {
    const text = await doctorReportText(
      undefined,
      utilityProcessLauncher(forkUtilityProcessStandIn),
    );
    expect(text).toMatch(/^Actionline \S+ — doctor report, /);
    expect(text).toContain('Analysis worker log');
  });

  it('the app runs the worker below normal priority, whichever way it starts', async () => {
    const below = os.constants.priority.PRIORITY_BELOW_NORMAL;
    const util = new ForkedAnalysisHost({
      launch: utilityProcessLauncher(forkUtilityProcessStandIn),
      niceness: below,
    });
    const forked = new ForkedAnalysisHost({ niceness: below });
    const normal = new ForkedAnalysisHost();
    hosts.push(util, forked, normal);
    for (const host of [util, forked, normal]) await host.score(job);
    expect(os.getPriority(util.pid!)).toBe(below);
    expect(os.getPriority(forked.pid!)).toBe(below);
    expect(os.getPriority(normal.pid!)).toBe(os.getPriority());
  });
});
