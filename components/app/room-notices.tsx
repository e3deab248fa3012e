'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { enumName, ZIMRoomEvent } from '@/lib/protocol/client';
import { describeEnding } from '@/lib/store/class-state';
import type { RoomNotice } from '@/lib/store/state';
import { useConvene } from '@/lib/store/store-provider';

function describe(notice: RoomNotice): string {
  const room = notice.roomName ? `${notice.roomName} (${notice.roomID})` : notice.roomID;
  const classSaid = describeEnding(notice.event, notice.roomName || notice.roomID, notice.ending);
  if (classSaid) return classSaid;
  switch (notice.event) {
    case ZIMRoomEvent.KickedOut:
      return `You were removed from ${room}.`;
    case ZIMRoomEvent.RoomNotExist:
      return `${room} has ended: the room no longer exists.`;
    case ZIMRoomEvent.ConnectTimeout:
      return `You were away too long and are no longer in ${room}.`;
    case ZIMRoomEvent.KickedOutByOtherDevice:
      return `${room} was opened on another device, so this tab left it.`;
    default:
      return `You are no longer in ${room} (${enumName(ZIMRoomEvent, notice.event)}).`;
  }
}

/**
 * Rooms the session lost without asking to: said once, plainly, until dismissed. Someone removed
 * from a class or whose class ended, and who is in no room now, is taken back to the lobby.
 */
export function RoomNotices() {
  const notices = useConvene(useShallow((s) => s.notices));
  const inNoRoom = useConvene((s) => s.roomOrder.length === 0);
  const dismiss = useConvene((s) => s.dismissNotice);
  const router = useRouter();
  const pathname = usePathname();
  const latest = notices.at(-1);
  const toLobby =
    inNoRoom &&
    pathname !== '/lobby' &&
    (latest?.event === ZIMRoomEvent.KickedOut || latest?.event === ZIMRoomEvent.RoomNotExist);

  useEffect(() => {
    if (toLobby) router.replace('/lobby');
  }, [toLobby, router]);

  if (notices.length === 0) return null;
  return (
    <div className="mx-auto flex w-full max-w-[120rem] flex-col gap-2 px-3 pt-3 sm:px-4">
      {notices.map((notice) => (
        <div
          key={notice.id}
          role="alert"
          className="flex items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950"
        >
          <p>{describe(notice)}</p>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => dismiss(notice.id)}
            aria-label={`Dismiss: ${describe(notice)}`}
          >
            Dismiss
          </Button>
        </div>
      ))}
    </div>
  );
}
