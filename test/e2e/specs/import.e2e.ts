import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { EXPORT_FORMATS } from '../../../main/formats/export/exportProject.ts';
import { IMPORT_FORMAT_NAMES } from '../../../main/formats/import/importFormats.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import { storedSegments } from '../helpers/projectDb.ts';
import { Project } from '../../../main/project/project.ts';
import { byTestId, openProjectByPath, screenshot, waitForText } from '../helpers/ui.ts';

/**
 * The import dialog end to end: an ActivityNet file and a THUMOS14 ground-truth folder are
 * previewed (what they hold, counts, warnings), imported, and their videos and segments
 * show in the project view; both dialogs list every format of their registries.
 * Screenshots: test-artifacts/<shell>/import-*.png.
 */
const dir = e2eDir();
const projectFile = path.join(dir, 'imported.actionline');
const activityNetFile = path.join(dir, 'gt.json');
const THUMOS_FOLDER = path.resolve(import.meta.dirname, '../../fixtures/formats/thumos14-gt');

/** The option values of a select. */
const optionValues = (id: string) =>
  browser.execute(
    (testId) =>
      [...document.querySelectorAll(`[data-testid="${testId}"] option`)].map(
        (o) => (o as HTMLOptionElement).value,
      ),
    id,
  );

/** The Segments cell of a video's row. */
const segmentsOf = async (videoId: string) =>
  (await $$(`[data-video-id="${videoId}"] [data-testid="my-segments"]`)[0]!.getText()).trim();

describe('importing annotations from the project view', () => {
  before(async () => {
    writeFileSync(
      activityNetFile,
      JSON.stringify({
        version: 'VERSION 1.3',
        taxonomy: [],
        database: {
          alpha: {
            subset: 'validation',
            duration: 30,
            url: '',
            annotations: [
              { segment: [1, 4], label: 'jump' },
              { segment: [10, 12.5], label: 'run' },
            ],
          },
          beta: { subset: 'validation', duration: 20, url: '', annotations: [] },
        },
      }),
    );
    // Made here and opened by path: the web shell creates projects only where the open one
    // lives, and an earlier spec may have left one open elsewhere.
    Project.open(projectFile, { create: true }).close();
    await openProjectByPath(projectFile);
  });

  it('lists every import and export format', async () => {
    await $('[data-testid="import-panel"] summary').click();
    await browser.waitUntil(async () => (await optionValues('import-format')).length > 1);
    expect(await optionValues('import-format')).toEqual(['', ...IMPORT_FORMAT_NAMES]);
    expect(await optionValues('export-format')).toEqual([...EXPORT_FORMATS]);
  });

  it('asks for the CSV columns, units and frame rate only for a CSV file', async () => {
    await expect(byTestId('import-csv-columns')).not.toBeExisting();
    await byTestId('import-path').setValue(path.join(dir, 'cuts.csv'));
    await expect(byTestId('import-csv-columns')).toBeExisting();
    await expect(byTestId('import-csv-fps')).toBeExisting();
    await screenshot('import-csv-fields');
    await byTestId('import-path').setValue(activityNetFile);
    await expect(byTestId('import-csv-columns')).not.toBeExisting();
  });

  it('previews and imports an ActivityNet file; its videos appear', async () => {
    await byTestId('import-path').setValue(activityNetFile);
    await expect(byTestId('import-run')).toBeDisabled(); // nothing previewed yet
    await byTestId('import-preview').click();
    const summary = await waitForText('import-summary', /ground truth/);
    expect(summary).toContain('activitynet (detected)');
    expect(summary).toContain('2 videos (2 new), 2 segments, 2 labels');
    expect(summary).toContain('into layer “ground truth”');
    await screenshot('import-preview-activitynet');
    await expect($$('[data-testid="video-row"]')).toBeElementsArrayOfSize(0);
    await byTestId('import-run').click();
    await browser.waitUntil(async () => (await $$('[data-testid="video-row"]').length) === 2);
    await waitForText(
      'notice-info',
      /^imported ground truth from gt\.json into layer “ground truth”: 2 videos/,
    );
    expect(storedSegments(projectFile).map((s) => [s.video_id, s.label])).toEqual([
      ['alpha', 'jump'],
      ['alpha', 'run'],
    ]);
  });

  it('imports a THUMOS14 ground-truth folder into my layer, marked reviewed', async () => {
    const me = await byTestId('annotator').getValue();
    await byTestId('import-path').setValue(THUMOS_FOLDER);
    await byTestId('import-annotator').setValue(me);
    await byTestId('import-reviewed').click();
    await byTestId('import-preview').click();
    const summary = await waitForText('import-summary', /thumos14-gt \(detected\)/);
    expect(summary).toContain('3 videos (3 new), 6 segments, 3 labels');
    expect(summary).toContain(`into layer “${me}”`);
    expect(summary).toContain('3 videos become reviewed');
    // Ambiguous segments are left out: the preview lists them under what the import loses.
    await expect(byTestId('import-losses')).toHaveText(expect.stringContaining('Ambiguous'));
    await screenshot('import-preview-thumos14');
    // A changed field makes the preview stale: Import waits for a new one.
    await byTestId('import-annotator').setValue(`${me}2`);
    await expect(byTestId('import-run')).toBeDisabled();
    await byTestId('import-annotator').setValue(me);
    await expect(byTestId('import-run')).toBeEnabled();
    await byTestId('import-run').click();
    await browser.waitUntil(async () => (await $$('[data-testid="video-row"]').length) === 5);
    await browser.waitUntil(async () => (await segmentsOf('video_validation_0000052')) === '3');
    expect(await segmentsOf('video_validation_0000051')).toBe('2');
    // The review column's status (its class; the text "unreviewed" also contains "reviewed").
    await expect($('[data-video-id="video_validation_0000053"] .status.reviewed')).toExist();
    await expect($('[data-video-id="alpha"] .status.unreviewed')).toExist();
    await screenshot('import-done');
  });

  it('names a path that is not there', async () => {
    const missing = path.join(dir, 'no-such-folder');
    await byTestId('import-path').setValue(missing);
    await byTestId('import-preview').click();
    await waitForText('notice-error', (t) => t.includes(`${missing}: no such file or folder`));
  });
});
