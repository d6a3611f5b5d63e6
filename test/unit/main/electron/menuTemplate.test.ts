import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuActions } from '../../../../main/electron/menuTemplate.ts';
import { addRecentProject, readRecentProjects } from '../../../../main/electron/recentProjects.ts';

const calls: string[] = [];
const actions: MenuActions = {
  openProject: () => calls.push('open'),
  newProject: () => calls.push('new'),
  openRecent: (f) => calls.push(`recent ${f}`),
  addVideos: () => calls.push('videos'),
  addFolder: () => calls.push('folder'),
  saveCopy: () => calls.push('copy'),
};

describe('menuTemplate', () => {
  it('lists recent projects under File and wires each item to its action', () => {
    const menu = menuTemplate(actions, ['/data/a.actionline'], 'linux');
    const file = menu.find((m) => m.label === 'File')!;
    const items = file.submenu as { label?: string; click?: () => void; submenu?: unknown }[];
    const recent = items.find((i) => i.label === 'Open Recent')!.submenu as {
      label: string;
      click: () => void;
    }[];
    expect(recent.map((r) => r.label)).toEqual(['a.actionline']);
    recent[0]!.click();
    items.find((i) => i.label === 'Open Project…')!.click!();
    expect(calls).toEqual(['recent /data/a.actionline', 'open']);
  });
});

describe('recent projects', () => {
  it('keeps the newest first, once each, and drops files that are gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-recent-'));
    const list = path.join(dir, 'recent.json');
    const [a, b] = ['a', 'b'].map((n) => path.join(dir, `${n}.actionline`)) as [string, string];
    writeFileSync(a, '');
    writeFileSync(b, '');
    await addRecentProject(list, a);
    await addRecentProject(list, b);
    expect(await addRecentProject(list, a)).toEqual([a, b]);
    writeFileSync(list, JSON.stringify([a, path.join(dir, 'gone.actionline')]));
    expect(readRecentProjects(list)).toEqual([a]);
    writeFileSync(list, 'not json');
    expect(readRecentProjects(list)).toEqual([]);
  });
});
