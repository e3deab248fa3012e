'use client';
/**
 * The server's limits the UI shows ("2 of 5 rooms") and checks (the longest destroy delay), from
 * GET /api/limits; the protocol's defaults until it answers (or if it cannot), so nothing waits.
 * The server checks again whatever the UI lets through.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_SERVER_LIMITS as DEFAULT_LIMITS, type ServerLimits } from '@/lib/protocol/client';

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
