/**
 * The one-process app's backend (Next route handlers) acts for the host through the realtime
 * server's API, so before Next starts the settings it needs are put into process.env: the token
 * secret the realtime server will use (made here when unset, so both sides share it; demo mode
 * then stays on, as it would without a secret), a server API
 * secret (made here when unset, so host controls work with no set-up; nobody outside this process
 * knows it then), and the server's own URL.
 */
import { randomBytes } from 'node:crypto';
import { APP_ENV } from '../lib/classroom/app-env.ts';

export function prepareAppEnv(
  env: Record<string, string | undefined>,
  hostname: string,
  port: number,
): { listening(port: number): void } {
  if (!env[APP_ENV.tokenSecret]) {
    // No secret from the operator: this is the embedded demo. The secret made here is only for
    // this process, so demo tokens stay on (a secret the operator sets turns them off).
    env[APP_ENV.demoTokens] ||= 'true';
    env[APP_ENV.tokenSecret] = randomBytes(32).toString('hex');
  }
  env[APP_ENV.serverSecret] ||= randomBytes(32).toString('hex');
  const ours = !env[APP_ENV.serverURL];
  if (ours) env[APP_ENV.serverURL] = ownURL(hostname, port);
  return {
    /** With PORT=0 the port is known only once listening (before any request can arrive). */
    listening(actual) {
      if (ours) env[APP_ENV.serverURL] = ownURL(hostname, actual);
    },
  };
}

/** The address this process answers on, as seen from itself (a wildcard host means loopback). */
export function ownURL(hostname: string, port: number): string {
  const host = hostname === '0.0.0.0' || hostname === '::' || hostname === '' ? '127.0.0.1' : hostname;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
