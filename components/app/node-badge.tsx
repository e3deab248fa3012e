'use client';

import { ZIMConnectionState } from '@/lib/protocol/client';
import { useConvene } from '@/lib/store/store-provider';
import { cn } from '@/components/ui/cn';

/**
 * Which server node this tab is connected to (many nodes behind one URL share rooms through
 * Redis, SPEC 11), so two tabs on two nodes can be told apart. Dimmed while not connected.
 */
export function NodeBadge() {
  const nodeID = useConvene((s) => s.serverNodeID);
  const connected = useConvene((s) => s.connection.state === ZIMConnectionState.Connected);
  if (!nodeID) return null;
  return (
    <p
      data-testid="server-node"
      title="The Convene server node this tab is connected to"
      className={cn(
        'hidden h-7 max-w-40 items-center truncate rounded-md bg-slate-100 px-2 font-mono text-xs text-slate-700 sm:inline-flex',
        !connected && 'opacity-60',
      )}
    >
      node {nodeID}
    </p>
  );
}
