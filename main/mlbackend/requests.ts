import { z } from 'zod';

/**
 * The request bodies Label Studio sends (label_studio/ml/api_connector.py; the SDK reads them
 * in label_studio_ml/api.py; both cited in test/fixtures/formats/label-studio-ml/README.md).
 * Only what Actionline reads is required; anything else Label Studio adds is let through.
 */

/** Label Studio's project uid, "<id>.<created_at as a Unix time>"; a number from older ones. */
const projectUid = z.union([z.string().max(200), z.number()]);

export const SetupRequest = z.looseObject({
  project: projectUid,
  schema: z.string().max(1_000_000).optional(),
  extra_params: z.unknown().optional(),
});
export type SetupRequest = z.infer<typeof SetupRequest>;

/** A task as TaskSimpleSerializer writes it: its id and its data (the video's URL or name). */
const Task = z.looseObject({
  id: z.number().optional(),
  data: z.record(z.string(), z.unknown()),
});
export type PredictTask = z.infer<typeof Task>;

export const PredictRequest = z.looseObject({
  tasks: z.array(Task).max(100_000),
  project: projectUid.optional(),
  label_config: z.string().max(1_000_000).optional(),
  params: z.record(z.string(), z.unknown()).nullish(),
});
export type PredictRequest = z.infer<typeof PredictRequest>;

/** The events the SDK hands to `fit` (label_studio_ml/api.py TRAIN_EVENTS). */
export const TRAIN_EVENTS = [
  'ANNOTATION_CREATED',
  'ANNOTATION_UPDATED',
  'ANNOTATION_DELETED',
  'START_TRAINING',
] as const;

/** A webhook: `action`, and the project (Label Studio's webhook serializer) where it has one. */
export const WebhookRequest = z.looseObject({
  action: z.string().max(200),
  project: z.looseObject({ id: z.number().optional() }).nullish(),
});
export type WebhookRequest = z.infer<typeof WebhookRequest>;

/** zod's first issue, as "tasks.0.data: expected record, received undefined". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
