import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { planImport, writeImport } from '../formats/import/importFile.ts';
import type { WebhookRequest } from './requests.ts';

/**
 * ANNOTATION_CREATED / ANNOTATION_UPDATED from Label Studio: the annotation (with its task,
 * as Label Studio's webhook sends both: label_studio/webhooks/models.py, key "annotation" with
 * the nested "task") is imported as a one-task Label Studio export would be, through the same
 * import: the annotator's layer for that video is replaced by what the annotation now holds
 * and the video is marked reviewed, so a review submitted in Label Studio reaches Actionline
 * (and START_TRAINING) at once. One transaction: a bad annotation changes nothing.
 */
export interface AnnotationSync {
  /** What the webhook answers as its `result`. */
  (hook: WebhookRequest): { imported: number } | { skipped: string };
}

export function annotationSync(
  db: DatabaseSync,
  annotator: string | undefined,
  log: (line: string) => void,
): AnnotationSync {
  return (hook) => {
    const annotation = asRecord(hook['annotation']);
    const task = asRecord(hook['task']);
    if (annotation === null || task === null) {
      log(
        `webhook: ${hook.action} without its annotation and task (the webhook must send its payload): nothing imported`,
      );
      return { skipped: 'no annotation and task in the payload' };
    }
    const source = `Label Studio webhook ${hook.action} (task ${String(task['id'])}, annotation ${String(annotation['id'])})`;
    if (annotation['was_cancelled'] === true) {
      log(`${source}: the task was skipped in Label Studio: nothing imported`);
      return { skipped: 'the task was skipped (was_cancelled)' };
    }
    try {
      const plan = planImport([{ ...task, annotations: [annotation] }], source, 'label-studio');
      const options = { markReviewed: true, ...(annotator !== undefined && { annotator }) };
      const summary = writeImport({ db }, plan, options, source);
      for (const warning of summary.warnings) log(warning);
      const layer = summary.annotator ?? summary.annotators?.join(', ') ?? 'none';
      log(`${source}: ${summary.segments} segment(s) into ${layer}'s layer, video marked reviewed`);
      return { imported: summary.segments };
    } catch (err) {
      const message = err instanceof ActionlineError ? err.message : String(err);
      log(`${source}: not imported: ${message}`);
      return { skipped: message };
    }
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
