'use client';

import { enumName, ZIMConnectionState } from '@/lib/protocol/client';
import { useConvene } from '@/lib/store/store-provider';
import { cn } from '@/components/ui/cn';

const look: Record<number, { label: string; dot: string; pill: string }> = {
  [ZIMConnectionState.Connected]: {
    label: 'Connected',
    dot: 'bg-emerald-500',
    pill: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  },
  [ZIMConnectionState.Connecting]: {
    label: 'Connecting…',
    dot: 'bg-sky-500 animate-pulse',
    pill: 'bg-sky-50 text-sky-800 ring-sky-200',
  },
  [ZIMConnectionState.Reconnecting]: {
    label: 'Reconnecting…',
    dot: 'bg-amber-500 animate-pulse',
    pill: 'bg-amber-50 text-amber-900 ring-amber-200',
  },
  [ZIMConnectionState.Disconnected]: {
    label: 'Offline',
    dot: 'bg-slate-400',
    pill: 'bg-slate-100 text-slate-700 ring-slate-200',
  },
};

/** The session's connection, always visible in the header. */
export function ConnectionIndicator() {
  const state = useConvene((s) => s.connection.state);
  const shown = look[state] ?? look[ZIMConnectionState.Disconnected]!;
  return (
    <p
      role="status"
      aria-label={`Connection: ${shown.label.replace('…', '')}`}
      data-state={enumName(ZIMConnectionState, state)}
      className={cn(
        'inline-flex h-7 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium ring-1 ring-inset',
        shown.pill,
      )}
    >
      <span aria-hidden className={cn('size-2 rounded-full', shown.dot)} />
      <span aria-hidden className="hidden sm:inline">
        {shown.label}
      </span>
    </p>
  );
}
