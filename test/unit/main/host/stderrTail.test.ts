import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keepStderrTail } from '../../../../main/host/stderrTail.ts';

/** A real child that dies with an uncaught error: its stack trace is kept and passed on. */
describe('keepStderrTail', () => {
  it('keeps the end of what a crashing child wrote, and passes all of it through', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "console.error('x'.repeat(5000)); throw new Error('the real error')"],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const forwarded = new PassThrough();
    let passedOn = '';
    forwarded.on('data', (chunk: Buffer) => (passedOn += chunk.toString()));
    const tail = keepStderrTail(child.stderr, forwarded, 1_000);
    const exitCode = await new Promise((resolve) => child.once('exit', resolve));
    await tail.drained(5_000);
    expect(exitCode).toBe(1);
    expect(tail.text()).toHaveLength(1_000);
    expect(tail.text()).toContain('Error: the real error');
    expect(passedOn).toContain('x'.repeat(5000));
    expect(passedOn.endsWith(tail.text())).toBe(true);
  });
});
