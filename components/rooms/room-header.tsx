'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { enumName, ZIMRoomEvent, ZIMRoomState } from '@/lib/protocol/client';
import { useCommands, useConvene } from '@/lib/store/store-provider';
import { AttributesDialog } from './attributes-dialog';
import { ClassControls } from './class-controls';
import { SwitchRoomDialog } from './switch-room-dialog';

const NO_ATTRIBUTES: Record<string, string> = {};

function StateBadge({ roomID }: { roomID: string }) {
  const state = useConvene((s) => s.rooms[roomID]?.state ?? ZIMRoomState.Disconnected);
  const event = useConvene((s) => s.rooms[roomID]?.event ?? ZIMRoomEvent.Success);
  const connected = state === ZIMRoomState.Connected;
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        connected ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : 'bg-amber-50 text-amber-900 ring-amber-200',
      )}
    >
      <span
        aria-hidden
        className={cn('size-1.5 rounded-full', connected ? 'bg-emerald-500' : 'animate-pulse bg-amber-500')}
      />
      {enumName(ZIMRoomState, state)}
      {!connected && ` · ${enumName(ZIMRoomEvent, event)}`}
    </span>
  );
}

/** The active room's name, state and attributes, and what the user can do with it. */
export function RoomHeader({ roomID }: { roomID: string }) {
  const roomName = useConvene((s) => s.rooms[roomID]?.roomName ?? '');
  const attributes = useConvene((s) => s.rooms[roomID]?.attributes ?? NO_ATTRIBUTES);
  const commands = useCommands();
  const leave = useAsyncAction();
  const [dialog, setDialog] = useState<'switch' | 'attributes' | null>(null);
  const label = roomName || roomID;
  const attributeEntries = Object.entries(attributes);

  return (
    <header className="border-b border-slate-200 px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-lg font-semibold tracking-tight text-slate-900">{label}</h1>
            <StateBadge roomID={roomID} />
          </div>
          <p className="mt-0.5 truncate font-mono text-xs text-slate-500">
            <span className="sr-only">Room ID: </span>
            {roomID}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Room actions">
          <Button variant="secondary" size="sm" onClick={() => setDialog('attributes')}>
            Attributes
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setDialog('switch')}>
            Switch room
          </Button>
          <Button
            variant="danger"
            size="sm"
            busy={leave.busy}
            onClick={() => void leave.run(() => commands?.leaveRoom(roomID) ?? Promise.resolve())}
          >
            Leave room
          </Button>
          <Button
            variant="danger"
            size="sm"
            disabled={leave.busy}
            onClick={() => void leave.run(() => commands?.leaveAllRoom() ?? Promise.resolve())}
          >
            Leave all rooms
          </Button>
        </div>
      </div>
      <ClassControls roomID={roomID} roomLabel={label} />
      {attributeEntries.length > 0 && (
        <ul aria-label="Room attributes" className="mt-2 flex flex-wrap gap-1.5">
          {attributeEntries.map(([key, value]) => (
            <li key={key} className="max-w-full truncate rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
              <span className="font-mono font-medium text-slate-900">{key}</span> = {value}
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert className="mt-3" title="Could not leave" error={leave.error} />
      <SwitchRoomDialog
        open={dialog === 'switch'}
        onClose={() => setDialog(null)}
        fromRoomID={roomID}
        fromLabel={label}
      />
      <AttributesDialog open={dialog === 'attributes'} onClose={() => setDialog(null)} roomID={roomID} />
    </header>
  );
}
