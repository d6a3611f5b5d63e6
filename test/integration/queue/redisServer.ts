import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { findTool, inCi, testTool } from '../../preflight/tools.ts';

/**
 * A throwaway Redis for tests and benchmarks: Debian's redis-server on 127.0.0.1, a free
 * port, no persistence (no RDB, no AOF, so nothing is written to disk), stopped by its pid.
 */
const found = findTool(testTool('redis-server'));
export const REDIS_SERVER = found ?? process.env.ACTIONLINE_REDIS_SERVER ?? '/usr/bin/redis-server';

export const haveRedisServer = found !== undefined;

/**
 * Whether the tests that need redis-server are skipped: only where it is missing outside CI.
 * Under CI=true a missing one fails them instead (requireRedisServer, in their beforeAll).
 */
export const skipWithoutRedis = !haveRedisServer && !inCi();

export function requireRedisServer(): void {
  if (!haveRedisServer) {
    throw new Error(
      `CI=true and ${REDIS_SERVER} is missing: the queue tests cannot run (apt-get install redis-server; npm test's preflight installs it on Debian/Ubuntu as root)`,
    );
  }
}

export interface TestRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  // Another process may take the free port between the check and the bind: try again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

function startOn(port: number): Promise<TestRedis> {
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    [
      ...['--bind', '127.0.0.1', '--port', String(port)],
      ...['--save', '', '--appendonly', 'no'],
      ...['--daemonize', 'no', '--loglevel', 'warning', '--dir', '/tmp'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(
        () => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'),
        5000,
      );
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const probe = () => {
      if (child.exitCode !== null) {
        reject(new Error(`redis-server exited (${child.exitCode}): ${output.trim()}`));
        return;
      }
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.write('PING\r\n');
        socket.once('data', (d) => {
          socket.destroy();
          if (String(d).startsWith('+PONG')) {
            resolve({ url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, stop });
          } else retry();
        });
      });
      socket.once('error', () => {
        socket.destroy();
        retry();
      });
    };
    const retry = () => {
      if (Date.now() > deadline) {
        void stop();
        reject(new Error(`redis-server did not answer on port ${port}: ${output.trim()}`));
      } else setTimeout(probe, 50);
    };
    probe();
  });
}
