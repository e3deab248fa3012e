'use client';
/**
 * The server's limits the UI shows ("2 of 5 rooms") and checks (the longest destroy delay), from
 * GET /api/limits; the protocol's defaults until it answers (or if it cannot), so nothing waits.
 * The server checks again whatever the UI lets through.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_SERVER_LIMITS as DEFAULT_LIMITS, type ServerLimits } from '@/lib/protocol/client';
import { fetchServerLimits } from '@/lib/store/server-limits';

export function useServerLimits(): ServerLimits {
  const [limits, setLimits] = useState(DEFAULT_LIMITS);
  useEffect(() => {
    let live = true;
    void fetchServerLimits().then((l) => live && setLimits(l));
    return () => {
      live = false;
    };
  }, []);
  return limits;
}
