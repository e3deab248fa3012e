/**
 * The server's limits the UI shows and checks, from GET /api/limits (fetched once per page); the
 * protocol's defaults if it cannot answer. The server checks again whatever the UI lets through.
 */
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../protocol/client.ts';

let cached: Promise<ServerLimits> | undefined;

export function fetchServerLimits(): Promise<ServerLimits> {
  cached ??= fetch('/api/limits')
    .then((r) => (r.ok ? (r.json() as Promise<ServerLimits>) : DEFAULT_SERVER_LIMITS))
    .catch(() => DEFAULT_SERVER_LIMITS);
  return cached;
}
