'use client';

import Link from 'next/link';
import { useShallow } from 'zustand/react/shallow';
import { useServerLimits } from '@/components/rooms/limits';
import { EventTimeline } from '@/components/rooms/event-timeline';
import { CreateRoomForm, EnterRoomForm, JoinRoomForm } from '@/components/rooms/lobby-forms';
import { useConvene } from '@/lib/store/store-provider';
import { AppHeader } from './app-header';
import { ReconnectBanner } from './reconnect-banner';
import { RoomNotices } from './room-notices';

function YourRooms() {
  const names = useConvene(useShallow((s) => s.roomOrder.map((id) => s.rooms[id]?.roomName || id)));
  const { maxRoomsPerUser } = useServerLimits();
  if (names.length === 0) {
    return <p className="text-sm text-slate-600">You are not in any room yet. Create one, or join one by its ID.</p>;
  }
  return (
    <p className="text-sm text-slate-600">
      You are in {names.length} of {maxRoomsPerUser} rooms ({names.join(', ')}).{' '}
      <Link href="/rooms" prefetch={false} className="font-medium text-teal-700 underline-offset-2 hover:underline">
        Open your rooms →
      </Link>
    </p>
  );
}

export function Lobby() {
  const userName = useConvene((s) => s.user?.userName || s.user?.userID || '');
  return (
    <>
      <AppHeader />
      <ReconnectBanner />
      <RoomNotices />
      <main className="mx-auto grid w-full max-w-[120rem] items-start gap-4 px-3 py-6 sm:px-4 sm:py-8 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="mx-auto w-full max-w-6xl">
          <div className="mb-6 flex flex-col gap-1">
            <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Welcome, {userName}</h1>
            <YourRooms />
          </div>
          <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <CreateRoomForm />
            <div className="grid gap-4">
              <JoinRoomForm />
              <EnterRoomForm />
            </div>
          </div>
        </div>
        <EventTimeline
          roomFilter={false}
          className="flex h-96 min-h-0 flex-col overflow-hidden xl:sticky xl:top-20 xl:h-[calc(100dvh-7rem)]"
        />
      </main>
    </>
  );
}
