'use client';

import { useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { Spinner } from '@/components/ui/empty-state';
import { useConvene } from '@/lib/store/store-provider';

/**
 * Shows its children only to a signed-in session; sends everyone else to sign in. While the page
 * looks for a saved session, or signs it in again after a reload, it says so instead.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const sessionStatus = useConvene((s) => s.sessionStatus);
  const router = useRouter();

  useEffect(() => {
    if (sessionStatus === 'signedOut') router.replace('/');
  }, [sessionStatus, router]);

  if (sessionStatus === 'signedIn') return <>{children}</>;
  return <ScreenLoading label={sessionStatus === 'restoring' ? 'Restoring your session…' : 'Loading…'} />;
}

/** The whole-screen spinner: while the gate waits, and while a screen's code is on its way. */
export function ScreenLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <Spinner label={label} />
    </div>
  );
}
