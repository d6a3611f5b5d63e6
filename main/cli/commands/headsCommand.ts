import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../../base/atomicWrite.ts';
import { formatHeadMetrics } from '../../learn/formatHeadMetrics.ts';
import {
  deleteHead,
  headOnnx,
  listHeads,
  requireHead,
  type HeadRecord,
} from '../../project/heads.ts';
import { EXIT_OK } from '../support/exitCodes.ts';
import { openExistingProject } from '../support/existingProject.ts';

/** The `heads` subcommands (heads.ts); `args`: the project file, then the head names. */
export async function headsCommand(
  action: 'list' | 'show' | 'compare' | 'delete' | 'export',
  [projectFile, ...names]: string[],
): Promise<number> {
  const project = openExistingProject(projectFile!);
  try {
    const { db } = project;
    switch (action) {
      case 'list': {
        const all = listHeads(db);
        if (all.length === 0) console.error(`${projectFile}: no head yet (\`actionline train\`)`);
        for (const head of all) console.log(summary(head));
        break;
      }
      case 'show': {
        const head = requireHead(db, names[0]!);
        console.log(summary(head));
        console.log(formatHeadMetrics(head.metrics));
        const { training } = head;
        console.log(
          `trained on ${training.videos.length} reviewed video(s) of ${training.annotator}, seed ${training.options.seed}, context ${training.options.contextSnippets}:`,
        );
        for (const v of training.videos) {
          console.log(
            `  ${v.videoId}${v.heldOut ? ' (held out)' : ''}: ${v.snippetsPerClass
              .map((n, k) => `${head.manifest.labels[k]} ${n}`)
              .join(', ')}`,
          );
        }
        for (const note of training.notes) console.log(`note: ${note}`);
        break;
      }
      case 'compare':
        console.log(compare(requireHead(db, names[0]!), requireHead(db, names[1]!)));
        break;
      case 'export': {
        const head = requireHead(db, names[0]!);
        const folder = names[1]!;
        await mkdir(folder, { recursive: true });
        await writeFile(path.join(folder, head.manifest.onnx), headOnnx(db, head.id));
        await writeJsonAtomic(path.join(folder, 'manifest.json'), head.manifest);
        console.error(
          `wrote head "${head.name}" to ${folder}: its input is ${head.manifest.input.features.backbone.id}'s features pooled as manifest.json says`,
        );
        break;
      }
      case 'delete':
        deleteHead(db, names[0]!);
        console.error(
          `deleted head "${names[0]}" from ${projectFile}; its runs keep their suggestions`,
        );
        break;
    }
    return EXIT_OK;
  } finally {
    project.close();
  }
}

function summary(head: HeadRecord): string {
  const classes = head.manifest.labels.slice(1);
  return [
    head.name,
    head.createdAt,
    `${classes.length} classes (${classes.join(', ')})`,
    `backbone ${head.backbone.modelId}${head.backbone.runId === null ? '' : ` run ${head.backbone.runId}`}`,
    `held-out accuracy ${percent(head.metrics.accuracy)}`,
    `${head.training.videos.length} reviewed videos`,
  ].join('  ');
}

/** Per class, each head's held-out precision / recall (their held-out videos may differ). */
function compare(a: HeadRecord, b: HeadRecord): string {
  const labels = [...new Set([...a.manifest.labels, ...b.manifest.labels])];
  const width = Math.max(5, ...labels.map((l) => l.length));
  const cell = (h: HeadRecord, label: string) => {
    const c = h.metrics.perClass.find((m) => m.label === label);
    return (c ? `${percent(c.precision)} / ${percent(c.recall)}` : '—').padStart(17);
  };
  const lines = [
    `${'class'.padEnd(width)} ${a.name.padStart(17)} ${b.name.padStart(17)}   (precision / recall, held out)`,
    ...labels.map((l) => `${l.padEnd(width)} ${cell(a, l)} ${cell(b, l)}`),
    `${'accuracy'.padEnd(width)} ${percent(a.metrics.accuracy).padStart(17)} ${percent(b.metrics.accuracy).padStart(17)}`,
    `${'videos'.padEnd(width)} ${String(a.training.videos.length).padStart(17)} ${String(b.training.videos.length).padStart(17)}`,
  ];
  const sameHeldOut = a.metrics.heldOutVideoIds.join() === b.metrics.heldOutVideoIds.join();
  if (!sameHeldOut) lines.push('note: the two were measured on different held-out videos');
  return lines.join('\n');
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
