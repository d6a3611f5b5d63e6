import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groundTruthText } from '../../../../../main/formats/export/groundTruthExport.ts';
import { importFile } from '../../../../../main/formats/import/importFile.ts';
import { Project } from '../../../../../main/project/project.ts';

/**
 * Import an ActivityNet ground-truth file into a new project, export it again: the same
 * database entries (ids, subset, duration, resolution, url, segments bit for bit, labels)
 * and the same taxonomy. Uses the real importer (main/formats/import/importFile.ts).
 */

const taxonomy = [
  { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
  { nodeId: 7, nodeName: 'Sports, and "games"', parentId: 0, parentName: 'Root' },
  { nodeId: 3, nodeName: 'Mooping floor', parentId: 0, parentName: 'Root' },
  { nodeId: 12, nodeName: 'Zorbing', parentId: 7, parentName: 'Sports, and "games"' },
  { nodeId: 4, nodeName: 'Café au lait 🥛', parentId: 7, parentName: 'Sports, and "games"' },
];

const database = {
  zeta: {
    subset: 'validation',
    duration: 224.49,
    resolution: '1920x1080',
    url: 'https://www.youtube.com/watch?v=zeta',
    annotations: [
      { segment: [1e-7, 0.1 + 0.2], label: 'Café au lait 🥛' },
      { segment: [1e-7, 0.1 + 0.2], label: 'Zorbing' },
      { segment: [11.55, 123456.789], label: 'Mooping floor' },
      { segment: [11.55, 123456.789], label: 'Mooping floor' },
    ],
  },
  '17': {
    subset: 'training',
    duration: 60,
    annotations: [{ segment: [0, 59.999999999999986], label: 'Zorbing' }],
  },
  '2': { subset: 'testing', duration: 0.30000000000000004, url: 'u', annotations: [] },
  v_ÄÖ: {
    subset: 'validation',
    duration: 33.366666666666667,
    resolution: '640x360',
    annotations: [{ segment: [3.2032032032032034, 7.5], label: 'Sports, and "games"' }],
  },
  Émile: { subset: 'validation', duration: 5, annotations: [] },
};

/** The file text with the ids in a shuffled order (JSON.stringify would put "17", "2" first). */
function fileText(): string {
  const ids = ['zeta', '2', 'v_ÄÖ', '17', 'Émile'] as const;
  const entries = ids.map((id) => `${JSON.stringify(id)}: ${JSON.stringify(database[id])}`);
  return `{"version": "VERSION 1.3", "taxonomy": ${JSON.stringify(taxonomy)}, "database": {${entries.join(', ')}}}`;
}

async function importThenExport(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, text);
  const project = Project.open(path.join(dir, `${name}.actionline`), { create: true });
  try {
    await importFile(project, file);
    return groundTruthText(project.db).text;
  } finally {
    project.close();
  }
}

describe('ActivityNet ground truth: import then export', () => {
  it('gives back the same entries and taxonomy, ids in code-point order, numbers bit for bit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-roundtrip-'));
    const exported = await importThenExport(dir, 'first', fileText());
    const parsed = JSON.parse(exported) as {
      version: string;
      taxonomy: unknown;
      database: typeof database;
    };
    expect(parsed.version).toBe('VERSION 1.3');
    expect(parsed.taxonomy).toStrictEqual(taxonomy);
    expect(parsed.database).toStrictEqual(database);
    for (const [id, video] of Object.entries(database)) {
      video.annotations.forEach((a, i) => {
        const back = parsed.database[id as keyof typeof database].annotations[i]!.segment;
        expect(Object.is(back[0], a.segment[0]) && Object.is(back[1], a.segment[1])).toBe(true);
      });
    }
    const idsInFile = [...exported.matchAll(/^ {4}("(?:[^"\\]|\\.)*"): \{$/gm)].map(
      (m) => JSON.parse(m[1]!) as string,
    );
    // Code-point order (what a byte-wise sort of the UTF-8 text gives), not JS object order.
    expect(idsInFile).toEqual(['17', '2', 'v_ÄÖ', 'zeta', 'Émile']);
    expect(idsInFile).toEqual(
      [...idsInFile].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    // Exporting what was exported gives the same bytes: the output diffs cleanly.
    expect(await importThenExport(dir, 'second', exported)).toBe(exported);
  });
});
