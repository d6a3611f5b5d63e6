import type { IncomingMessage } from 'node:http';
import { tokenMatches } from './token.ts';

/**
 * Who may talk to the web shell: requests addressed to this exact loopback host and port
 * (a DNS-rebound name fails this), that carry the token in the query or the session
 * cookie. WebSockets additionally must come from a page of this same origin.
 */
export interface GuardConfig {
  port: number;
  token: string;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host);
}

/** Browsers always send Origin on a WebSocket; it must be the page this server served. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  return origin !== undefined && host !== undefined && origin === `http://${host}`;
}

/** Cookies are shared across ports of one host, so each server's cookie names its port. */
export function cookieName(port: number): string {
  return `actionline-${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface Authorization {
  ok: boolean;
  /** The token came in the URL: answer with the cookie so later requests carry it. */
  setCookie: boolean;
}

export function authorize(req: IncomingMessage, config: GuardConfig): Authorization {
  const url = req.url ?? '';
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const fromQuery = new URLSearchParams(query).get('token') ?? undefined;
  if (tokenMatches(fromQuery, config.token)) return { ok: true, setCookie: true };
  const fromCookie = readCookie(req.headers.cookie, cookieName(config.port));
  return { ok: tokenMatches(fromCookie, config.token), setCookie: false };
}
