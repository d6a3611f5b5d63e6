import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addVideos } from '../../main/app/addVideos.ts';
import { analyzeVideos } from '../../main/app/analyzeVideos.ts';
import { convertCaffeFiles } from '../../main/inference/convertCaffeFiles.ts';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import { Project } from '../../main/project/project.ts';
import { benchVideo } from '../fixtures/videos.ts';
import { tsnCaffemodel } from '../integration/convert/helpers/tsnWeights.ts';
import { kineticsRgbPrototxt } from '../integration/tsn/helpers/tsnModels.ts';

/**
 * `node test/bench/featuresBench.ts [--video-sec 60] [--rounds 3]`: what the features output
 * (issue 26: TSN BNInception's global_pool, 1024 values a snippet) costs a run. The same
 * BNInception RGB graph (random weights, centre crop) converted with and without it, each run
 * into a project over one generated 640×360 video at one snippet a second, in alternating
 * rounds (same machine, same load); prints seconds a run, ms a snippet, the ratio, and the
 * bytes the features take in the project file.
 */
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const videoSec = arg('--video-sec', 60);
const rounds = arg('--rounds', 3);

const dir = path.join(os.tmpdir(), 'actionline-bench-features');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

/** The preset's conversion, with or without features; returns a centre-crop manifest. */
async function convert(name: string, features: boolean): Promise<string> {
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  const prototxtPath = path.join(out, 'deploy.prototxt');
  await writeFile(prototxtPath, await kineticsRgbPrototxt());
  const weightsPath = path.join(out, 'random.caffemodel');
  await writeFile(weightsPath, (await tsnCaffemodel(prototxtPath)).caffemodel);
  const manifestPath = path.join(out, 'manifest.json');
  await convertCaffeFiles({
    prototxtPath,
    weightsPath,
    onnxPath: path.join(out, 'model.onnx'),
    manifestPath,
    preset: 'tsn-bninception-rgb',
    features,
  });
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  const center = path.join(out, 'manifest.center.json');
  await writeFile(center, JSON.stringify({ ...manifest, id: `${name}-center`, crops: 'center' }));
  return center;
}

const models = {
  'without features': await convert('plain', false),
  'with global_pool': await convert('features', true),
};
const video = path.join(dir, 'clip.mp4');
copyFileSync(await benchVideo({ durationSec: videoSec, widthPx: 640, heightPx: 360 }), video);

const seconds: Record<string, number[]> = {};
let featureBytes = 0;
let snippets = 0;
const host = new ForkedAnalysisHost();
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, manifest] of Object.entries(models)) {
      const file = path.join(dir, `${name.replaceAll(' ', '-')}-${round}.actionline`);
      const project = Project.open(file, { create: true });
      try {
        await addVideos(project.db, [video]);
        const startMs = performance.now();
        const outcome = await analyzeVideos(project.db, host, {
          videoIds: ['clip'],
          model: manifest,
          intervalSec: 1,
          device: 'cpu',
          threads: 0,
        });
        if (outcome.failures.length > 0) throw new Error(JSON.stringify(outcome.failures));
        (seconds[name] ??= []).push((performance.now() - startMs) / 1000);
        const row = project.db
          .prepare('SELECT length(features) AS bytes, snippet_count AS n FROM snippet_features')
          .get() as { bytes: number; n: number } | undefined;
        if (row) [featureBytes, snippets] = [row.bytes, row.n];
      } finally {
        project.close();
      }
    }
  }
} finally {
  await host.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(seconds['without features']!);
console.log(
  `features bench: BNInception RGB (random weights), centre crop, ${videoSec} s 640×360 video, ` +
    `1 snippet/s, ${os.availableParallelism()} cores, median of ${rounds} alternating rounds`,
);
for (const [name, xs] of Object.entries(seconds)) {
  const s = median(xs);
  console.log(
    `  ${name.padEnd(18)} ${s.toFixed(2)} s a run  ${((s * 1000) / videoSec).toFixed(1)} ms a snippet  ` +
      `${(s / base).toFixed(3)}× (runs: ${xs.map((x) => x.toFixed(2)).join(', ')})`,
  );
}
console.log(
  `  features stored: ${featureBytes} bytes for ${snippets} snippets = ` +
    `${(featureBytes / Math.max(1, snippets)).toFixed(0)} bytes a snippet ` +
    `(${(((featureBytes / Math.max(1, snippets)) * 3600) / 1e6).toFixed(1)} MB an hour at 1 snippet/s)`,
);
