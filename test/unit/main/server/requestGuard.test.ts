import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  authorize,
  cookieName,
  hostAllowed,
  originAllowed,
  readCookie,
  sessionCookie,
} from '../../../../main/server/requestGuard.ts';
import { newToken, tokenMatches } from '../../../../main/server/token.ts';

function request(url: string, cookie?: string): IncomingMessage {
  return { url, headers: cookie === undefined ? {} : { cookie } } as IncomingMessage;
}

describe('token', () => {
  it('is at least 128 bits of URL-safe randomness, new every time', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(newToken()).not.toBe(token);
  });

  it('matches only itself', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });
});

describe('hostAllowed', () => {
  it('accepts exactly 127.0.0.1:PORT and localhost:PORT', () => {
    expect(hostAllowed('127.0.0.1:8123', 8123)).toBe(true);
    expect(hostAllowed('localhost:8123', 8123)).toBe(true);
    for (const host of [
      '127.0.0.1:8124',
      '127.0.0.1',
      'evil.example:8123',
      'LOCALHOST:8123',
      undefined,
    ]) {
      expect(hostAllowed(host, 8123), String(host)).toBe(false);
    }
  });
});

describe('originAllowed', () => {
  it('requires the origin of the page this host served', () => {
    expect(originAllowed('http://127.0.0.1:8123', '127.0.0.1:8123')).toBe(true);
    expect(originAllowed('http://localhost:8123', '127.0.0.1:8123')).toBe(false);
    expect(originAllowed('https://127.0.0.1:8123', '127.0.0.1:8123')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8123')).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:8123')).toBe(false);
  });
});

describe('cookies', () => {
  it('writes an HttpOnly, SameSite=Strict cookie named after the port', () => {
    expect(sessionCookie(8123, 'tok')).toBe(
      'actionline-8123=tok; Path=/; HttpOnly; SameSite=Strict',
    );
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; actionline-8123=tok; b=2', cookieName(8123))).toBe('tok');
    expect(readCookie('actionline-8124=tok', cookieName(8123))).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});

describe('authorize', () => {
  const token = newToken();
  const config = { port: 8123, token };

  it('accepts the token in the query and asks for the cookie to be set', () => {
    expect(authorize(request(`/?token=${token}`), config)).toEqual({ ok: true, setCookie: true });
  });

  it('accepts the cookie without setting it again', () => {
    expect(authorize(request('/assets/a.js', `actionline-8123=${token}`), config)).toEqual({
      ok: true,
      setCookie: false,
    });
  });

  it('refuses a wrong or missing token', () => {
    expect(authorize(request('/?token=nope'), config).ok).toBe(false);
    expect(authorize(request('/'), config).ok).toBe(false);
    expect(authorize(request('/', `actionline-8124=${token}`), config).ok).toBe(false);
  });
});
