'use client';

import Link from 'next/link';
import { useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cn } from '@/components/ui/cn';
import { ZIMRoomState } from '@/lib/protocol/client';
import { useConvene } from '@/lib/store/store-provider';
import { plural } from './format';
import { useServerLimits } from './limits';

export const ROOM_PANEL_ID = 'room-panel';
export const roomTabID = (index: number) => `room-tab-${index}`;

function RoomTab({
  roomID,
  index,
  selected,
  onSelect,
}: {
  roomID: string;
  index: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const room = useConvene((s) => s.rooms[roomID]);
  if (!room) return null;
  const connecting = room.state !== ZIMRoomState.Connected;
  return (
    <button
      type="button"
      role="tab"
      id={roomTabID(index)}
      aria-selected={selected}
      aria-controls={ROOM_PANEL_ID}
      tabIndex={selected ? 0 : -1}
      onClick={onSelect}
      className={cn(
        'group flex w-52 shrink-0 items-center gap-3 rounded-lg px-3 py-2 text-left lg:w-full',
        'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-teal-600',
        selected
          ? 'bg-teal-700 text-white shadow-sm'
          : 'bg-white text-slate-800 ring-1 ring-slate-200 hover:bg-slate-50 lg:bg-transparent lg:ring-0',
      )}
    >
      <span
        aria-hidden
        className={cn(
          'size-2 shrink-0 rounded-full',
          connecting ? 'animate-pulse bg-amber-400' : selected ? 'bg-emerald-300' : 'bg-emerald-500',
        )}
      />
      <span className="min-w-0 flex-1 leading-tight">
        <span className="block truncate text-sm font-medium">{room.roomName || room.roomID}</span>
        <span className={cn('block truncate text-xs', selected ? 'text-teal-100' : 'text-slate-500')}>
          {room.roomID} · {connecting ? 'connecting…' : plural(room.memberCount, 'member')}
        </span>
      </span>
      {room.unread > 0 && (
        <span
          className="rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white"
          aria-label={`${room.unread} unread`}
        >
          {room.unread > 99 ? '99+' : room.unread}
        </span>
      )}
    </button>
  );
}

/** The session's rooms; picking one makes it the active room. Arrow keys move between them. */
export function RoomTabs() {
  const order = useConvene(useShallow((s) => s.roomOrder));
  const { maxRoomsPerUser } = useServerLimits();
  const activeRoomID = useConvene((s) => s.activeRoomID);
  const selectRoom = useConvene((s) => s.selectRoom);
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = order.indexOf(activeRoomID ?? '');
    let next = -1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') next = (current + 1) % order.length;
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') next = (current - 1 + order.length) % order.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = order.length - 1;
    const roomID = order[next];
    if (roomID === undefined) return;
    event.preventDefault();
    selectRoom(roomID);
    listRef.current?.querySelector<HTMLElement>(`#${roomTabID(next)}`)?.focus();
  };

  return (
    <nav aria-labelledby="rooms-title" className="flex min-w-0 flex-col gap-2">
      <div className="flex items-baseline justify-between px-1">
        <h2 id="rooms-title" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Your rooms
        </h2>
        <span className="text-xs text-slate-500">
          {order.length} of {maxRoomsPerUser}
        </span>
      </div>
      <div
        ref={listRef}
        role="tablist"
        aria-label="Your rooms"
        onKeyDown={onKeyDown}
        className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1 lg:mx-0 lg:flex-col lg:gap-1 lg:overflow-visible lg:px-0"
      >
        {order.map((roomID, index) => (
          <RoomTab
            key={roomID}
            roomID={roomID}
            index={index}
            selected={roomID === activeRoomID}
            onSelect={() => selectRoom(roomID)}
          />
        ))}
      </div>
      {order.length < maxRoomsPerUser && (
        <Link
          prefetch={false}
          href="/lobby"
          className="rounded-lg border border-dashed border-slate-300 px-3 py-2 text-center text-sm font-medium text-slate-600 hover:border-teal-600 hover:text-teal-700 focus-visible:outline-2 focus-visible:outline-teal-600"
        >
          + Join or create a room
        </Link>
      )}
    </nav>
  );
}
