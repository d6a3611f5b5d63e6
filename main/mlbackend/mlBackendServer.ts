import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import { ActionlineError } from '../base/errors.ts';
import { annotationSync } from './annotationSync.ts';
import { basicAuthorized, type Credentials } from './basicAuth.ts';
import { headTrainer } from './headTraining.ts';
import { EXPORTED_CONFIG, timelineConfig } from './labelConfig.ts';
import {
  firstIssue,
  PredictRequest,
  SetupRequest,
  TRAIN_EVENTS,
  WebhookRequest,
} from './requests.ts';
import { predictTasks, projectModelVersion } from './taskPredictions.ts';

/**
 * `actionline ml-backend`: one project's stored runs behind the protocol of Label Studio's ML
 * backend SDK (label_studio_ml/api.py, cited in test/fixtures/formats/label-studio-ml/), so a
 * Label Studio project shows Actionline's suggestions as predictions. Synchronous and
 * read-only for /predict (answers come from stored runs; nothing is decoded in a request).
 * On 127.0.0.1 by default; bound to any other address it refuses to start without Basic
 * auth credentials, Label Studio's only way to authenticate to a model.
 */
export interface MlBackendOptions {
  db: DatabaseSync;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Required unless `host` is a loopback address; checked on every request when given. */
  credentials?: Credentials;
  /** The project's file, as log lines name it in commands to run. */
  projectFile?: string;
  /** Whose review START_TRAINING learns (default: the project's only annotator). */
  annotator?: string;
  /** Default: a line on stderr. */
  log?: (line: string) => void;
  /** Default 16 MiB: a page of tasks with their annotations fits many times over. */
  maxBodyBytes?: number;
}

export interface MlBackend {
  readonly url: string;
  readonly port: number;
  /** Settles when no START_TRAINING training runs. */
  trainingIdle(): Promise<void>;
  close(): Promise<void>;
}

export const MODEL_CLASS = 'Actionline';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startMlBackend(options: MlBackendOptions): Promise<MlBackend> {
  const host = options.host ?? '127.0.0.1';
  const loopback = LOOPBACK.has(host);
  if (!loopback && options.credentials === undefined) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--host ${host} serves the project beyond this machine: give --user and --password-env (Label Studio's model settings take them as Basic auth)`,
    );
  }
  const log = options.log ?? ((line: string) => console.error(line));
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const trainer = headTrainer(options.db, options.annotator, log);
  const syncAnnotation = annotationSync(options.db, options.annotator, log);
  const { db } = options;
  let port = options.port;

  async function route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (options.credentials && !basicAuthorized(req.headers.authorization, options.credentials)) {
      throw new HttpError(401, 'unauthorized: wrong or missing Basic auth credentials');
    }
    // Without credentials only this machine can connect; a page a browser loads under
    // another name (DNS rebinding) must not read the project through it either.
    if (!options.credentials && !hostAllowed(req.headers.host, port)) {
      throw new HttpError(403, 'forbidden: wrong Host header');
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const gets: Record<string, () => unknown> = {
      '/': () => ({ status: 'UP', model_class: MODEL_CLASS }),
      '/health': () => ({ status: 'UP', model_class: MODEL_CLASS }),
      '/metrics': () => ({}),
    };
    const posts = ['/setup', '/predict', '/webhook'];
    if (gets[path]) {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
      return { status: 200, body: gets[path]() };
    }
    if (!posts.includes(path)) throw new HttpError(404, `no route ${path}`);
    if (method !== 'POST') throw new HttpError(405, 'method not allowed');
    const body = await readJson(req, maxBody);
    if (path === '/setup') {
      const setup = parse(SetupRequest, body);
      if (setup.schema !== undefined && timelineConfig(setup.schema) === null) {
        log(
          `setup: Label Studio project ${setup.project}: its labelling config has no TimelineLabels on a Video, so predictions will be empty (\`actionline export --format label-studio\` writes one that fits)`,
        );
      }
      const modelVersion = projectModelVersion(db);
      log(`setup: Label Studio project ${setup.project}, model version "${modelVersion}"`);
      return { status: 200, body: { model_version: modelVersion } };
    }
    if (path === '/predict') {
      const predict = parse(PredictRequest, body);
      const config =
        predict.label_config === undefined ? EXPORTED_CONFIG : timelineConfig(predict.label_config);
      if (config === null) {
        log(
          `predict: the labelling config has no TimelineLabels: ${predict.tasks.length} task(s) answered empty`,
        );
        return { status: 200, body: { results: predict.tasks.map(() => []) } };
      }
      return {
        status: 200,
        body: { results: predictTasks(db, predict.tasks, config, log, options.projectFile) },
      };
    }
    const hook = parse(WebhookRequest, body);
    if (!(TRAIN_EVENTS as readonly string[]).includes(hook.action)) {
      return { status: 200, body: { status: 'Unknown event' } };
    }
    if (hook.action === 'START_TRAINING') {
      return { status: 201, body: { result: trainer.start(), status: 'ok' } };
    }
    if (hook.action === 'ANNOTATION_CREATED' || hook.action === 'ANNOTATION_UPDATED') {
      return { status: 201, body: { result: syncAnnotation(hook), status: 'ok' } };
    }
    log(
      `webhook: ${hook.action} acknowledged; Actionline keeps the segments that annotation brought (delete them in the editor, or import the project's export again)`,
    );
    return { status: 201, body: { result: null, status: 'ok' } };
  }

  const server = createServer((req, res) => {
    route(req)
      .then(({ status, body }) => replyJson(res, status, body))
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          if ([400, 401, 413].includes(err.status) || err.status >= 500) {
            log(`${req.method} ${req.url}: ${err.status} ${err.message}`);
          }
          return replyJson(res, err.status, { error: err.message });
        }
        log(`${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
        replyJson(res, 500, { error: 'internal error (see the ml-backend log)' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ActionlineError('BAD_ARGUMENT', `port ${options.port} is already in use`)
          : err,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    trainingIdle: () => trainer.idle(),
    async close() {
      await trainer.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return (
    host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host)
  );
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, `bad request: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

/** The body as JSON: application/json only (a browser cannot send that across origins unasked). */
async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, 'the body must be application/json');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new HttpError(413, `the body is over ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped, so the 413 reaches the client.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new HttpError(413, `the body is over ${maxBytes} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (err) {
    throw new HttpError(400, `bad request: the body is not JSON (${(err as Error).message})`);
  }
}

function replyJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(status === 401 && { 'WWW-Authenticate': 'Basic realm="actionline ml-backend"' }),
  });
  res.end(text);
}
