import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportProjectFile } from '../../../../../main/formats/export/exportProject.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { tempProject } from './exportFixtures.ts';

describe('exportProjectFile', () => {
  it('writes the file and never writes over the project itself', async () => {
    const project = tempProject();
    upsertVideo(project.db, { id: 'v', subset: 'validation', durationSec: 1 });
    project.close();
    const out = path.join(path.dirname(project.file), 'gt.json');
    const result = await exportProjectFile(project.file, out, { format: 'activitynet' });
    expect(readFileSync(out, 'utf8')).toBe(result.text);
    await expect(exportProjectFile(project.file, project.file, { format: 'csv' })).rejects.toThrow(
      'that is the project file itself',
    );
    await expect(
      exportProjectFile(project.file, out, { format: 'thumos14', runId: 9 }),
    ).rejects.toThrow('--run 9: no such run in this project (runs: none)');
    expect(existsSync(project.file)).toBe(true);
  });
});
