'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import type { ZIMUserInfo } from '@/lib/protocol/client';
import { useConvene } from '@/lib/store/store-provider';
import { Avatar } from './avatar';
import { plural } from './format';

const ROW_HEIGHT = 48;
const NO_MEMBERS: Record<string, ZIMUserInfo> = {};

/** The active room's members, one row per user; only the rows in view are rendered. */
export function MemberList({ roomID, className }: { roomID: string; className?: string }) {
  const members = useConvene((s) => s.rooms[roomID]?.members ?? NO_MEMBERS);
  const count = useConvene((s) => s.rooms[roomID]?.memberCount ?? 0);
  const selfID = useConvene((s) => s.user?.userID);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => {
    const list = Object.values(members);
    const name = (m: ZIMUserInfo) => (m.userName || m.userID).toLocaleLowerCase();
    return list.sort((a, b) => {
      if (a.userID === selfID) return -1;
      if (b.userID === selfID) return 1;
      return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.userID < b.userID ? -1 : 1;
    });
  }, [members, selfID]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => sorted[index]?.userID ?? index,
    useFlushSync: false,
  });

  return (
    <Card aria-labelledby="members-title" className={className}>
      <CardHeader
        titleID="members-title"
        title="Members"
        actions={
          <span aria-live="polite" className="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-800 ring-1 ring-teal-200 ring-inset">
            {plural(count, 'member')}
          </span>
        }
      />
      <div ref={scrollRef} tabIndex={0} aria-label="Member list, scrollable" className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:outline-teal-600">
        {sorted.length === 0 ? (
          <EmptyState title="No members yet">The list fills as soon as the room is connected.</EmptyState>
        ) : (
          <ul aria-label={`Members of ${roomID}`} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const member = sorted[item.index]!;
              const name = member.userName || member.userID;
              return (
                <li
                  key={item.key}
                  aria-setsize={sorted.length}
                  aria-posinset={item.index + 1}
                  className="absolute top-0 left-0 flex w-full items-center gap-3 px-4"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  <Avatar userID={member.userID} name={name} />
                  <span className="min-w-0 leading-tight">
                    <span className="block truncate text-sm font-medium text-slate-900">
                      {name}
                      {member.userID === selfID && <span className="font-normal text-slate-500"> (you)</span>}
                    </span>
                    <span className="block truncate text-xs text-slate-500">{member.userID}</span>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Card>
  );
}
