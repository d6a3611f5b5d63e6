import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, createLogger, type Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../../electron.vite.config.ts';

/**
 * `npm start` builds the app on a first start with stderr shown, so what the build prints a
 * newcomer reads. Rolldown's PLUGIN_TIMINGS check printed eight lines of plugin profile there
 * whenever JavaScript plugins took most of the build (the Svelte compiler does on a busy
 * machine; Rolldown 1.x reports from about 2 s of plugin time). Here one plugin takes 2.6 s
 * of a tiny build on purpose, built through Vite as electron-vite builds each part: without
 * the app's `checks` the warning comes (so the test can see it), with them nothing is
 * printed. About 7 s.
 */

const work = mkdtempSync(path.join(tmpdir(), 'actionline-quiet-build-'));
const entry = path.join(work, 'entry.js');
writeFileSync(entry, 'export const answer = 42;\n');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A transform that keeps the thread busy, as a slow compiler does. */
const slowPlugin = (ms: number): Plugin => ({
  name: 'slow-transform',
  transform() {
    const until = performance.now() + ms;
    while (performance.now() < until);
    return null;
  },
});

/** The warnings and errors the build would print, one string per message. */
async function buildOutput(checks: object | undefined): Promise<string[]> {
  const printed: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => void printed.push(msg);
  logger.warnOnce = (msg) => void printed.push(msg);
  logger.error = (msg) => void printed.push(msg);
  await build({
    configFile: false,
    root: work,
    logLevel: 'warn',
    customLogger: logger,
    plugins: [slowPlugin(2600)],
    build: {
      write: false,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rollupOptions: { ...(checks && { checks }) },
    },
  });
  return printed;
}

type Part = 'main' | 'preload' | 'renderer';
const checksOf = (part: Part) => {
  const userConfig = config as Record<Part, { build?: { rollupOptions?: { checks?: object } } }>;
  return userConfig[part].build?.rollupOptions?.checks;
};

describe('the app build', () => {
  it('gives every part (main, preload, renderer) the same checks', () => {
    expect(checksOf('main')).toBeDefined();
    expect(checksOf('preload')).toEqual(checksOf('main'));
    expect(checksOf('renderer')).toEqual(checksOf('main'));
  });

  it("a build whose plugins take most of its time prints Rolldown's plugin profile by default", async () => {
    const printed = await buildOutput(undefined);
    expect(printed.join('\n')).toContain('PLUGIN_TIMINGS');
  });

  it('with the app build’s checks the same build prints nothing', async () => {
    expect(await buildOutput(checksOf('renderer'))).toEqual([]);
  });
});
