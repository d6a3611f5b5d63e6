import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../main/project/project.ts';
import { createWsClient } from '../../../shared/ipc/wsClient.ts';

/** `actionline serve` as a user runs it: the real bin, the printed URL, Ctrl+C. */
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
const rendererBuilt = existsSync(path.resolve('out/renderer/index.html'));

let child: ChildProcess;
let url: URL;
let stderr = '';

beforeAll(async () => {
  // An empty project: without one, serve would make the demo project in the cache folder.
  const project = path.join(mkdtempSync(path.join(tmpdir(), 'actionline-serve-')), 'p.actionline');
  Project.open(project, { create: true }).close();
  child = spawn(NODE, [BIN, 'serve', project, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  url = new URL(/(http:\/\/\S+)/.exec(line)![1]!);
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('actionline serve', () => {
  it('prints a 127.0.0.1 URL with a token', () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(0);
    expect(url.searchParams.get('token')!.length).toBeGreaterThanOrEqual(22);
  });

  it('serves the page for the token (or says to build it) and nothing without it', async () => {
    expect((await fetch(new URL('/', url))).status).toBe(403);
    const page = await fetch(url);
    expect(page.status).toBe(rendererBuilt ? 200 : 503);
    if (!rendererBuilt) {
      expect(await page.text()).toContain('run `npm run build`');
      expect(stderr).toContain('run `npm run build`');
    }
  });

  it('answers app:info over /ws with the package version', async () => {
    const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
      headers: { origin: url.origin },
    });
    const client = createWsClient(socket);
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string })
      .version;
    expect(await client.invoke('app:info', {})).toEqual({
      ok: true,
      value: { version, platform: process.platform, shell: 'web' },
    });
    client.close();
    await client.closed;
  });

  it('stops cleanly on SIGINT', async () => {
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('refuses a port that is not a port', () => {
    const r = spawnSync(NODE, [BIN, 'serve', '--port', '70000'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be an integer 0–65535');
  });

  it('refuses a project file that does not exist', () => {
    const r = spawnSync(NODE, [BIN, 'serve', 'no/such.actionline'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no/such.actionline: no such project file');
  });
});
