'use client';
/**
 * The server's limits the UI shows ("2 of 5 rooms"), from GET /api/limits; the defaults of SPEC
 * until it answers (or if it cannot), so nothing waits on it.
 */
import { useEffect, useState } from 'react';
import type { ServerLimits } from '@/lib/protocol/client';

export const DEFAULT_LIMITS: ServerLimits = {
  maxRoomsPerUser: 5,
  maxMembersPerRoom: 6000,
  maxDestroyDelaySeconds: 10800,
  historySize: 200,
};

let cached: Promise<ServerLimits> | undefined;

function fetchLimits(): Promise<ServerLimits> {
  cached ??= fetch('/api/limits')
    .then((r) => (r.ok ? (r.json() as Promise<ServerLimits>) : DEFAULT_LIMITS))
    .catch(() => DEFAULT_LIMITS);
  return cached;
}

export function useServerLimits(): ServerLimits {
  const [limits, setLimits] = useState(DEFAULT_LIMITS);
  useEffect(() => {
    let live = true;
    void fetchLimits().then((l) => live && setLimits(l));
    return () => {
      live = false;
    };
  }, []);
  return limits;
}
