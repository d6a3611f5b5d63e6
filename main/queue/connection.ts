import type { ConnectionOptions } from 'bullmq';
import { ActionlineError } from '../base/errors.ts';

/** The queue every command uses unless `--queue` names another. */
export const DEFAULT_QUEUE_NAME = 'actionline-prelabel';

/** Redis key prefix of Actionline's queues (BullMQ's default is "bull"). */
export const QUEUE_PREFIX = 'actionline';

/**
 * A Redis URL as BullMQ (ioredis) takes it: `redis://[user:password@]host[:port][/db]`, or
 * `rediss://` for TLS. The password may also come from REDIS_PASSWORD so it stays out of
 * process listings and shell history. Throws BAD_ARGUMENT on anything else.
 */
export function connectionOptions(
  redisUrl: string,
  env: Record<string, string | undefined> = process.env,
): ConnectionOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--redis: "${redisUrl}" is not a URL (expected redis://host:port or rediss://host:port)`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--redis: "${redactUrl(redisUrl)}" must start with redis:// or rediss:// (TLS)`,
    );
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--redis: the path of "${redactUrl(redisUrl)}" must be a database number`,
    );
  }
  const password = url.password ? decodeURIComponent(url.password) : env.REDIS_PASSWORD;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(password ? { password } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; ioredis must retry for ever rather than fail a call.
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  }
}
