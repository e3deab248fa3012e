/**
 * How the web app's backend reaches the realtime server's operations data (GET /metrics/ops).
 * The address comes from the environment, never from the request: a forged Host header must
 * not be able to send the server secret elsewhere.
 */
import type { OpsSnapshot } from '@/lib/protocol/client';

/** CONVENE_OPS_REALTIME_URL, else this process's own port (the one-process app). */
export function realtimeURL(): string {
  const configured = process.env.CONVENE_OPS_REALTIME_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = process.env.HOST;
  const local = !host || host === '0.0.0.0' || host === '::' || host === 'localhost' || host.startsWith('127.');
  const address = local ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${address}:${process.env.PORT || 3000}`;
}

export type Fetched = { ok: true; snapshot: OpsSnapshot } | { ok: false; status: 401 | 502; message: string };

export async function fetchSnapshot(secret: string): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(`${realtimeURL()}/metrics/ops`, {
      headers: { authorization: `Bearer ${secret}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    return { ok: false, status: 502, message: `The realtime server at ${realtimeURL()} does not answer` };
  }
  if (response.status === 401) return { ok: false, status: 401, message: 'That is not the server secret' };
  if (!response.ok) return { ok: false, status: 502, message: `The realtime server answered ${response.status}` };
  return { ok: true, snapshot: (await response.json()) as OpsSnapshot };
}
