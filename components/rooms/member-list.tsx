'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { isHandRaised } from '@/lib/classroom/class-keys';
import type { ZIMUserInfo } from '@/lib/protocol/client';
import type { MemberAttributes } from '@/lib/store/class-state';
import { useConvene } from '@/lib/store/store-provider';
import { plural } from './format';
import { HandIcon } from './hand-icon';
import { MemberRow } from './member-row';
import { RemoveMemberDialog } from './remove-member-dialog';
import { useClass } from './use-class';

const ROW_HEIGHT = 48;
const NO_MEMBERS: Record<string, ZIMUserInfo> = {};
const NO_ATTRIBUTES: MemberAttributes = {};

/**
 * The active room's members, one row per user; only the rows in view are rendered. Raised hands
 * show on every row; for the host they float to the top, and the host can lower them or remove
 * a member.
 */
export function MemberList({ roomID, className }: { roomID: string; className?: string }) {
  const members = useConvene((s) => s.rooms[roomID]?.members ?? NO_MEMBERS);
  const memberAttributes = useConvene((s) => s.rooms[roomID]?.memberAttributes ?? NO_ATTRIBUTES);
  const count = useConvene((s) => s.rooms[roomID]?.memberCount ?? 0);
  const selfID = useConvene((s) => s.user?.userID);
  const { hostID, isHost, handCount } = useClass(roomID);
  const [removing, setRemoving] = useState<ZIMUserInfo | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => {
    const list = Object.values(members);
    const name = (m: ZIMUserInfo) => (m.userName || m.userID).toLocaleLowerCase();
    const hand = (m: ZIMUserInfo) => isHost && isHandRaised(memberAttributes[m.userID]);
    return list.sort((a, b) => {
      if (hand(a) !== hand(b)) return hand(a) ? -1 : 1;
      if (a.userID === selfID) return -1;
      if (b.userID === selfID) return 1;
      return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a.userID < b.userID ? -1 : 1;
    });
  }, [members, memberAttributes, selfID, isHost]);

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
          <>
            {handCount > 0 && (
              <span
                aria-live="polite"
                className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200 ring-inset"
              >
                <HandIcon className="size-3.5" />
                {handCount.toLocaleString('en')}
                <span className="sr-only">{handCount === 1 ? ' hand' : ' hands'}</span> raised
              </span>
            )}
            <span
              aria-live="polite"
              className="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-800 ring-1 ring-teal-200 ring-inset"
            >
              {plural(count, 'member')}
            </span>
          </>
        }
      />
      <div
        ref={scrollRef}
        tabIndex={0}
        aria-label="Member list, scrollable"
        className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:outline-teal-600"
      >
        {sorted.length === 0 ? (
          <EmptyState title="No members yet">The list fills as soon as the room is connected.</EmptyState>
        ) : (
          <ul
            aria-label={`Members of ${roomID}`}
            className="relative w-full"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const member = sorted[item.index]!;
              return (
                <li
                  key={item.key}
                  aria-setsize={sorted.length}
                  aria-posinset={item.index + 1}
                  className="absolute top-0 left-0 flex w-full items-center gap-3 px-4"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  <MemberRow
                    roomID={roomID}
                    member={member}
                    self={member.userID === selfID}
                    host={member.userID === hostID}
                    handRaised={isHandRaised(memberAttributes[member.userID])}
                    hostView={isHost}
                    onRemove={setRemoving}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <RemoveMemberDialog roomID={roomID} member={removing} onClose={() => setRemoving(null)} />
    </Card>
  );
}
