import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_HOOKS_ENV } from '../../../main/server/rendererRoute.ts';
import { startFixture, type Fixture } from './serverFixture.ts';
import { httpGet } from './httpGet.ts';

/** The web shell over real HTTP on 127.0.0.1: who gets in, and what is never served. */
let fx: Fixture;
let port: number;

beforeAll(async () => {
  fx = await startFixture();
  port = fx.server.port;
});
afterAll(() => fx.close());

describe('web server: token and cookie', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token', () => {
    expect(fx.server.url).toBe(`http://127.0.0.1:${port}/?token=${fx.server.token}`);
    expect(fx.server.token.length).toBeGreaterThanOrEqual(22); // ≥128 bits in base64url
    expect(port).toBeGreaterThan(0);
  });

  it('refuses every path without a token or cookie', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/media/clip%20mp4', '/ws']) {
      const reply = await httpGet(port, p);
      expect(reply.status, p).toBe(403);
      expect(reply.body.toString()).toMatch(/^forbidden: open the URL/);
    }
    expect(fx.resolved).toEqual([]);
  });

  it('refuses a wrong token and a wrong cookie', async () => {
    expect((await httpGet(port, '/?token=' + 'A'.repeat(43))).status).toBe(403);
    expect((await httpGet(port, '/', { cookie: `actionline-${port}=nope` })).status).toBe(403);
    // The right token under another port's cookie name belongs to another server.
    const other = `actionline-${port + 1}=${fx.server.token}`;
    expect((await httpGet(port, '/', { cookie: other })).status).toBe(403);
  });

  it('serves the page for the token, sets the session cookie and strict headers', async () => {
    const reply = await httpGet(port, `/?token=${fx.server.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain('<title>Actionline</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['set-cookie']).toEqual([
      `actionline-${port}=${fx.server.token}; Path=/; HttpOnly; SameSite=Strict`,
    ]);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const csp = reply.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('lets later requests in on the cookie alone, without setting it again', async () => {
    const asset = await httpGet(port, '/assets/app.js', { cookie: `theme=dark; ${fx.cookie}` });
    expect(asset.status).toBe(200);
    expect(asset.body.toString()).toBe('console.log(1);');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['set-cookie']).toBeUndefined();
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const page = await httpGet(port, '/', { cookie: fx.cookie });
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await httpGet(port, '/assets/app.js', { cookie: fx.cookie }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('15');
    expect(head.body.length).toBe(0);
    expect((await httpGet(port, '/', { cookie: fx.cookie }, 'POST')).status).toBe(405);
  });
});

describe('web server: Host header (DNS rebinding)', () => {
  it('accepts 127.0.0.1:PORT and localhost:PORT', async () => {
    const viaLocalhost = await httpGet(port, '/', { cookie: fx.cookie, host: `localhost:${port}` });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses any other Host, even with a valid token', async () => {
    const hosts = [`evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `[::1]:${port}`];
    for (const host of hosts) {
      const reply = await httpGet(port, `/?token=${fx.server.token}`, { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body.toString()).toBe('forbidden: wrong Host header\n');
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('web server: paths', () => {
  it('refuses traversal, encoded dot segments, encoded separators and absolute paths', async () => {
    const paths = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '//etc/passwd',
      '/%2Fetc%2Fpasswd',
      '/C:/Windows/win.ini',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const p of paths) {
      const reply = await httpGet(port, p, { cookie: fx.cookie });
      expect(reply.status, p).toBe(403);
      expect(reply.body.toString(), p).not.toContain('do not serve');
    }
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    const reply = await httpGet(port, '/assets/link.js', { cookie: fx.cookie });
    expect(reply.status).toBe(403);
    expect(reply.body.toString()).not.toContain('do not serve');
  });

  it('answers 404 for files that are not there', async () => {
    expect((await httpGet(port, '/assets/nope.js', { cookie: fx.cookie })).status).toBe(404);
  });

  it('serves the test-hooks page only to a server started with ACTIONLINE_TEST_HOOKS=1', async () => {
    await writeFile(path.join(fx.dir, 'renderer', 'test-hooks.html'), '<title>hooks</title>');
    const previous = process.env[TEST_HOOKS_ENV];
    try {
      delete process.env[TEST_HOOKS_ENV];
      expect((await httpGet(port, '/test-hooks.html', { cookie: fx.cookie })).status).toBe(404);
      process.env[TEST_HOOKS_ENV] = '1';
      const reply = await httpGet(port, '/test-hooks.html', { cookie: fx.cookie });
      expect(reply.status).toBe(200);
      expect(reply.body.toString()).toContain('hooks');
    } finally {
      if (previous === undefined) delete process.env[TEST_HOOKS_ENV];
      else process.env[TEST_HOOKS_ENV] = previous;
    }
  });

  it('answers a plain GET on /ws with 426', async () => {
    expect((await httpGet(port, '/ws', { cookie: fx.cookie })).status).toBe(426);
  });
});

describe('web server without a built renderer', () => {
  it('says in one line to run `npm run build`, and still guards the door', async () => {
    const bare = await startFixture({ withRenderer: false });
    try {
      const p = bare.server.port;
      expect(bare.server.rendererBuilt).toBe(false);
      expect((await httpGet(p, '/')).status).toBe(403);
      const reply = await httpGet(p, `/?token=${bare.server.token}`);
      expect(reply.status).toBe(503);
      expect(reply.body.toString()).toMatch(/^[^\n]*run `npm run build`\n$/);
    } finally {
      await bare.close();
    }
  });
});
