'use client';

import { ZIMConnectionState } from '@/lib/protocol/client';
import { useConvene } from '@/lib/store/store-provider';

/** While the connection is down the SDK retries; the rooms are held for the grace period. */
export function ReconnectBanner() {
  const reconnecting = useConvene((s) => s.connection.state === ZIMConnectionState.Reconnecting);
  if (!reconnecting) return null;
  return (
    <div role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900">
      <div className="mx-auto flex max-w-[120rem] items-center gap-2">
        <span aria-hidden className="size-2 shrink-0 animate-pulse rounded-full bg-amber-500" />
        <p>
          <strong className="font-semibold">Connection lost — reconnecting…</strong>{' '}
          <span>Your rooms are kept for a short while; if you are back in time, nobody sees you leave.</span>
        </p>
      </div>
    </div>
  );
}
