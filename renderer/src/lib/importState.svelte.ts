import type { FormatView, ImportReport } from '../../../shared/ipc/importViews.ts';
import { call } from './api.ts';

/** What an import request holds, as the dialog's fields give it. */
interface ImportRequest {
  file: string;
  format?: string;
  annotator?: string;
  markReviewed: boolean;
  csv?: { columns?: string; units?: 'seconds' | 'frames'; fps?: string };
}

/**
 * The import dialog: the registry's formats, the fields, and the preview of what the typed
 * path would import. Import is offered only for the request that was previewed: a changed
 * field shows the preview as stale until it is asked again.
 */
export class ImportState {
  formats = $state.raw<FormatView[]>([]);
  file = $state('');
  /** '' detects the format from the file. */
  format = $state('');
  annotator = $state('');
  markReviewed = $state(false);
  /** CSV only, as the CLI's --columns, --units, --fps ('' for each: the reader's defaults). */
  csvColumns = $state('');
  csvUnits = $state<'' | 'seconds' | 'frames'>('');
  csvFps = $state('');
  preview = $state.raw<ImportReport | null>(null);
  busy = $state(false);
  #previewed = $state('');

  /** The file is read as CSV: named so, or detected by its name. */
  readonly isCsv = $derived(
    this.format === 'csv' || (this.format === '' && /\.csv$/i.test(this.file.trim())),
  );

  /** The request the fields make now. */
  readonly request = $derived<ImportRequest>({
    file: this.file.trim(),
    ...(this.format && { format: this.format }),
    ...(this.annotator.trim() && { annotator: this.annotator.trim() }),
    markReviewed: this.markReviewed,
    ...(this.isCsv && this.#csvOptions()),
  });

  /** The preview shown is for the fields as they are. */
  readonly current = $derived(
    this.preview !== null && this.#previewed === JSON.stringify(this.request),
  );

  #csvOptions(): Pick<ImportRequest, 'csv'> {
    const csv = {
      ...(this.csvColumns.trim() && { columns: this.csvColumns.trim() }),
      ...(this.csvUnits && { units: this.csvUnits }),
      ...(this.csvFps.trim() && { fps: this.csvFps.trim() }),
    };
    return Object.keys(csv).length > 0 ? { csv } : {};
  }

  async loadFormats(): Promise<void> {
    if (this.formats.length > 0) return;
    const formats = await call('import:formats', {});
    if (formats) this.formats = formats;
  }

  titleOf(name: string): string {
    return this.formats.find((f) => f.name === name)?.title ?? name;
  }

  async previewNow(): Promise<void> {
    if (!this.request.file) return;
    const request = this.request;
    this.busy = true;
    const preview = await call('import:preview', request);
    this.busy = false;
    this.preview = preview;
    this.#previewed = preview ? JSON.stringify(request) : '';
  }

  /** Imports what was previewed; the report, or null where it failed (a notice says why). */
  async run(): Promise<ImportReport | null> {
    if (!this.current) return null;
    this.busy = true;
    const report = await call('import:run', this.request);
    this.busy = false;
    if (report) {
      this.preview = null;
      this.#previewed = '';
    }
    return report;
  }
}
