'use client';

import { useMemo, useState } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import type { LogEntry, LogTone } from '@/lib/store/event-log';
import { useConvene } from '@/lib/store/store-provider';
import { preciseTime } from './format';

const toneBar: Record<LogTone, string> = {
  neutral: 'border-l-slate-300',
  good: 'border-l-emerald-500',
  warn: 'border-l-amber-500',
  bad: 'border-l-rose-500',
};

function Entry({ entry }: { entry: LogEntry }) {
  return (
    <li className={cn('border-b border-l-4 border-b-slate-100 py-2 pr-3 pl-3', toneBar[entry.tone])}>
      <p className="flex items-center justify-between gap-2 text-[0.6875rem] text-slate-500">
        <code className="truncate font-mono text-slate-600">{entry.event}</code>
        <time className="shrink-0 tabular-nums">{preciseTime(entry.at)}</time>
      </p>
      <p className="mt-0.5 text-sm font-medium break-words text-slate-900">{entry.title}</p>
      {entry.detail && <p className="mt-0.5 text-xs break-words text-slate-600">{entry.detail}</p>}
    </li>
  );
}

/**
 * What the SDK reported, newest first: room states by name, members arriving and leaving,
 * attribute changes, the connection. The protocol at work, for whoever is watching.
 */
export function EventTimeline({ className, roomFilter = true }: { className?: string; roomFilter?: boolean }) {
  const log = useConvene((s) => s.log);
  const activeRoomID = useConvene((s) => s.activeRoomID);
  const [onlyActive, setOnlyActive] = useState(false);
  const entries = useMemo(
    () =>
      roomFilter && onlyActive && activeRoomID
        ? log.filter((e) => e.roomID === undefined || e.roomID === activeRoomID)
        : log,
    [log, roomFilter, onlyActive, activeRoomID],
  );

  return (
    <Card aria-labelledby="timeline-title" className={className}>
      <CardHeader
        titleID="timeline-title"
        title="Event timeline"
        description="Newest first, as the SDK reports them"
        actions={
          roomFilter && (
            <Checkbox
              label="This room only"
              checked={onlyActive}
              onChange={(e) => setOnlyActive(e.target.checked)}
              disabled={!activeRoomID}
            />
          )
        }
      />
      <div
        tabIndex={0}
        aria-label="Event timeline, scrollable"
        className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-teal-600"
      >
        {entries.length === 0 ? (
          <EmptyState title="No events yet">Room and connection events appear here as they happen.</EmptyState>
        ) : (
          <ol aria-label="Event timeline">
            {entries.map((entry) => (
              <Entry key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
