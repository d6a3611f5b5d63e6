import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoVideo } from './demoVideo.ts';
import { userCacheDir } from '../base/paths.ts';
import type { AnalysisHost } from '../host/analysisHost.ts';
import { Project } from '../project/project.ts';
import { addVideos } from './addVideos.ts';
import { analyzeVideos } from './analyzeVideos.ts';

/**
 * The project a first start opens: the generated demo video, already pre-labelled by the
 * built-in motion model, so a newcomer sees predictions on a timeline straight away.
 * Made once in the cache folder; a half-made one (killed while making it) is made again.
 */
export async function ensureDemoProject(
  host: AnalysisHost,
  cacheDir = userCacheDir(),
): Promise<string> {
  const file = path.join(cacheDir, 'demo.actionline');
  if (existsSync(file) && isComplete(file)) return file;
  const video = await ensureDemoVideo(cacheDir);
  const project = Project.open(file, { create: true });
  try {
    const { added, failures } = await addVideos(project.db, [video]);
    if (failures.length > 0) throw new Error(failures[0]!.message);
    await analyzeVideos(project.db, host, {
      videoIds: added.map((v) => v.id),
      model: 'motion',
      intervalSec: 0.5,
      device: 'cpu',
    });
    project.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('demo_ready', '1')`).run();
  } finally {
    project.close();
  }
  return file;
}

function isComplete(file: string): boolean {
  try {
    const project = Project.open(file);
    try {
      return project.db.prepare(`SELECT 1 FROM meta WHERE key = 'demo_ready'`).get() !== undefined;
    } finally {
      project.close();
    }
  } catch {
    return false;
  }
}
