'use client';

import Link from 'next/link';
import { EventTimeline } from '@/components/rooms/event-timeline';
import { MemberList } from '@/components/rooms/member-list';
import { MessageList } from '@/components/rooms/message-list';
import { Composer } from '@/components/rooms/composer';
import { RoomHeader } from '@/components/rooms/room-header';
import { ROOM_PANEL_ID, RoomTabs, roomTabID } from '@/components/rooms/room-tabs';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { useConvene } from '@/lib/store/store-provider';
import { AppHeader } from './app-header';
import { ReconnectBanner } from './reconnect-banner';
import { RoomNotices } from './room-notices';

const cardColumn = 'flex min-h-0 flex-col overflow-hidden';

function ActiveRoom({ roomID }: { roomID: string }) {
  const label = useConvene((s) => s.rooms[roomID]?.roomName || roomID);
  const tabIndex = useConvene((s) => s.roomOrder.indexOf(roomID));
  return (
    <>
      <Card
        id={ROOM_PANEL_ID}
        role="tabpanel"
        aria-labelledby={roomTabID(tabIndex)}
        className={`${cardColumn} h-[70dvh] min-h-[26rem] [grid-area:main] lg:h-auto lg:min-h-0`}
      >
        <RoomHeader roomID={roomID} />
        <MessageList key={roomID} roomID={roomID} />
        <Composer roomID={roomID} roomLabel={label} />
      </Card>
      <MemberList roomID={roomID} className={`${cardColumn} h-80 [grid-area:members] lg:h-auto`} />
    </>
  );
}

function NoRooms() {
  return (
    <Card className="flex flex-col items-center justify-center [grid-area:main] lg:[grid-column:main/members]">
      <EmptyState title="You are not in any room" className="py-16">
        <p className="mb-4">Create a room, join one by its ID, or enter one that is created for you if it is new.</p>
        <Link
          prefetch={false}
          href="/lobby"
          className="inline-flex h-10 items-center rounded-lg bg-teal-700 px-4 text-sm font-medium text-white hover:bg-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600"
        >
          Go to the lobby
        </Link>
      </EmptyState>
    </Card>
  );
}

/**
 * Phone: everything stacked, the page scrolls. From 1024 px: rooms | room | members over
 * timeline, filling the window. From 1536 px (projectors): four columns side by side.
 */
export function Workspace() {
  const activeRoomID = useConvene((s) => (s.activeRoomID && s.rooms[s.activeRoomID] ? s.activeRoomID : null));
  return (
    <div className="flex min-h-dvh flex-col lg:h-dvh">
      <AppHeader />
      <ReconnectBanner />
      <RoomNotices />
      <main
        className={[
          'mx-auto grid w-full max-w-[120rem] min-h-0 flex-1 gap-3 p-3 sm:gap-4 sm:p-4',
          "[grid-template-areas:'rooms'_'main'_'members'_'log']",
          "lg:grid-cols-[14rem_minmax(0,1fr)_20rem] lg:grid-rows-[minmax(0,1fr)_minmax(0,1fr)] lg:[grid-template-areas:'rooms_main_members'_'rooms_main_log']",
          "2xl:grid-cols-[16rem_minmax(0,1fr)_20rem_24rem] 2xl:grid-rows-[minmax(0,1fr)] 2xl:[grid-template-areas:'rooms_main_members_log']",
        ].join(' ')}
      >
        <div className="min-w-0 [grid-area:rooms]">
          <RoomTabs />
        </div>
        {activeRoomID ? <ActiveRoom roomID={activeRoomID} /> : <NoRooms />}
        <EventTimeline className={`${cardColumn} h-96 [grid-area:log] lg:h-auto`} />
      </main>
    </div>
  );
}
