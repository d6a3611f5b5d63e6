import { existsSync, readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../base/atomicWrite.ts';

const MAX_RECENT = 10;

/**
 * The recent-projects list of the File menu, kept as JSON in the app's user-data folder.
 * Newest first; files that no longer exist are left out when read. No Electron here, so it
 * is tested like any other module.
 */
export function readRecentProjects(listFile: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(listFile, 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((p): p is string => typeof p === 'string' && existsSync(p));
  } catch {
    return []; // missing or unreadable: start a new list
  }
}

export async function addRecentProject(listFile: string, projectFile: string): Promise<string[]> {
  const list = [projectFile, ...readRecentProjects(listFile).filter((p) => p !== projectFile)];
  const kept = list.slice(0, MAX_RECENT);
  await writeJsonAtomic(listFile, kept);
  return kept;
}
