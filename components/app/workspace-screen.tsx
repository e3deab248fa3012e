'use client';

import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import { ScreenLoading, SessionGate } from './session-gate';

/**
 * Loaded by import(), not with the page: nothing of it shows before the session is signed in. One
 * loader for the preload and for dynamic(), so the browser fetches its chunks once.
 */
const load = () => import('./workspace').then((m) => m.Workspace);
const Workspace = dynamic(load, {
  ssr: false,
  loading: () => <ScreenLoading />,
});

/** /rooms: the workspace behind the session gate; its code downloads while the session signs in. */
export function WorkspaceScreen() {
  useEffect(() => {
    void load();
  }, []);
  return (
    <SessionGate>
      <Workspace />
    </SessionGate>
  );
}
