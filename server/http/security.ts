/**
 * What a browser page may do with this server (SPEC 11b): which origins may fetch demo tokens and
 * open WebSockets, and the security headers every response carries.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config.ts';

type OriginRules = Pick<ServerConfig, 'demoTokens' | 'allowedOrigins'>;

/**
 * Whether a request from `origin` (the browser's Origin header) is let in. No Origin: not a
 * browser (a bot, a native app, a server), let in. In demo mode anyone can mint tokens, so only
 * the app's own origin and those CONVENE_ALLOWED_ORIGINS lists get in; with a token secret the
 * token decides, unless CONVENE_ALLOWED_ORIGINS narrows it.
 */
export function originAllowed(rules: OriginRules, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (rules.allowedOrigins.includes('*') || rules.allowedOrigins.includes(origin)) return true;
  if (!rules.demoTokens && rules.allowedOrigins.length === 0) return true;
  return isOwnOrigin(origin, req);
}

/** The page was served by this server: its origin names the host the request was sent to. */
export function isOwnOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  return host !== undefined && URL.parse(origin)?.host === host;
}

/**
 * The Content-Security-Policy of the web app: its own scripts (Next's inline bootstrap included,
 * and eval for React's dev tools in development), its own styles, images from anywhere a user's
 * avatar may live, connections (fetch and the WebSocket) to this origin only, and no framing.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets the headers every response carries, before anything answers the request. */
export function setSecurityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  res.setHeader('x-frame-options', 'DENY');
}

/** Whether `host` (what the server listens on) is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The warning a demo server prints when it listens beyond loopback, else undefined. */
export function demoExposureWarning(rules: Pick<ServerConfig, 'demoTokens'>, host: string): string | undefined {
  if (!rules.demoTokens || isLoopbackHost(host)) return undefined;
  return (
    `Demo mode is on and the server listens on ${host || 'every address'}: anyone who can reach it can sign in as anyone. ` +
    'Set CONVENE_TOKEN_SECRET and let your backend issue tokens, or listen on 127.0.0.1.'
  );
}

/**
 * Who a request comes from, for the per-address handshake limit: the TCP peer, or behind a
 * proxy (CONVENE_TRUST_PROXY) the address that proxy appended last to X-Forwarded-For (earlier
 * entries are whatever the client claimed).
 */
export function remoteAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!trustProxy) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
  return (
    list
      .map((item) => item.trim())
      .filter(Boolean)
      .at(-1) ?? peer
  );
}
