import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../../main/electron/windowOptions.ts';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer', () => {
    const dir = path.join('/app', 'out', 'preload');
    const prefs = mainWindowOptions(dir).webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.preload).toBe(path.join(dir, 'index.cjs'));
    expect(prefs.preload!.endsWith('index.cjs')).toBe(true);
  });
});
