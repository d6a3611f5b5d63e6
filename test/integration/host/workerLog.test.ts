import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDoctorReport } from '../../../main/diagnostics/doctorReport.ts';
import { formatDoctorReport } from '../../../main/diagnostics/formatReport.ts';
import { doctorReportText } from '../../../main/diagnostics/runDoctor.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { readWorkerLog, workerLogPath } from '../../../main/base/workerLog.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';
import { testScoreJob } from '../../fixtures/scoreJob.ts';

/**
 * A crash of the analysis worker is written to the worker log in the user's cache folder
 * (here a temporary XDG_CACHE_HOME), with what the worker was doing; `actionline doctor`
 * and the app's Diagnostics view (the same report, made in a child process) show it.
 */
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'actionline-cache-'));
const savedCache = process.env.XDG_CACHE_HOME;
let host: ForkedAnalysisHost;
let job: ScoreJob;

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = cacheDir;
  const video = await motionTestVideo();
  host = new ForkedAnalysisHost();
  job = testScoreJob(video.path);
});

afterAll(async () => {
  await host.close();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('the analysis worker log', () => {
  it('records a crash with the job it held; doctor and the Diagnostics view show it', async () => {
    expect(workerLogPath().startsWith(cacheDir)).toBe(true);
    expect(readWorkerLog()).toEqual([]);
    let killedPid: number | undefined;
    const crashed = host.score(job, {
      onProgress: () => {
        if (killedPid === undefined && host.pid) process.kill((killedPid = host.pid), 'SIGKILL');
      },
    });
    await expect(crashed).rejects.toMatchObject({ code: 'WORKER_CRASHED' });

    const [entry, ...more] = readWorkerLog();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'crash',
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('signal SIGKILL'),
      pid: killedPid,
      jobs: [{ videoPath: job.videoPath, modelRef: 'motion' }],
    });
    expect(Date.parse(entry!.atIso)).toBeGreaterThan(Date.now() - 60_000);

    const report = await collectDoctorReport({ skipProviders: true });
    expect(report.workerLog).toEqual({ path: workerLogPath(), entries: [entry] });
    const text = formatDoctorReport(report);
    expect(text).toContain('Analysis worker log');
    expect(text).toContain(`crash WORKER_CRASHED: ${entry!.message}`);
    expect(text).toContain(job.videoPath);

    const appText = await doctorReportText();
    expect(appText).toContain(`crash WORKER_CRASHED: ${entry!.message}`);
  });
});
