import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  defaultCacheDir,
  DEMO_MOVING_INTERVALS_SEC,
  ensureDemoVideo,
} from '../../demo/demoVideo.ts';
import type { CliContext } from '../main.ts';
import { prelabel } from './prelabel.ts';

/**
 * `npm start`: the built-in default. Until the annotation app exists, it makes the demo
 * video, pre-labels it with the built-in `motion` model and prints what it found next to
 * where the card really moves.
 */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the built-in default: pre-label a generated demo video with the motion model')
    .action(async () => {
      const dir = defaultCacheDir();
      console.error(`making the demo video in ${dir} …`);
      const video = await ensureDemoVideo(dir);
      const out = path.join(dir, 'actionline-demo.results.json');
      ctx.exitCode = await prelabel([video], {
        model: 'motion',
        out,
        task: 'detection',
        plan: 'interval',
        interval: 0.5,
        device: 'auto',
        batch: 8,
        threads: 0,
        resume: false,
      });
      const results = JSON.parse(await readFile(out, 'utf8')) as {
        results: Record<string, { label: string; score: number; segment: [number, number] }[]>;
      };
      const segments = Object.values(results.results)[0] ?? [];
      console.log(`\nSegments found (best first) in ${video}:`);
      for (const s of segments.slice(0, 10)) {
        console.log(
          `  ${s.label.padEnd(8)} ${s.segment[0].toFixed(2).padStart(6)} – ${s.segment[1].toFixed(2).padStart(6)} s  score ${s.score.toFixed(3)}`,
        );
      }
      const truth = DEMO_MOVING_INTERVALS_SEC.map(([a, b]) => `${a}–${b} s`).join(', ');
      console.log(`The card really moves at ${truth}. Results file: ${out}`);
    });
}
