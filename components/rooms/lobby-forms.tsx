'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { useCommands } from '@/lib/store/store-provider';
import { AttributeRows } from './attribute-rows';
import { DestroyDelayField } from './destroy-delay-field';
import { useServerLimits } from './limits';
import { toRoomConfig, type AttributeRow } from './room-config';

function FormCard({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={id} className="flex flex-col">
      <CardHeader titleID={id} title={title} description={description} />
      {children}
    </Card>
  );
}

/** createRoom: fails when the ID is taken (6000323). */
export function CreateRoomForm() {
  const commands = useCommands();
  const router = useRouter();
  const action = useAsyncAction();
  const [roomID, setRoomID] = useState('');
  const [roomName, setRoomName] = useState('');
  const [delay, setDelay] = useState('');
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const { maxDestroyDelaySeconds } = useServerLimits();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!commands) return;
    void action
      .run(() =>
        commands.createRoom(
          { roomID: roomID.trim(), roomName: roomName.trim() },
          toRoomConfig(rows, delay, maxDestroyDelaySeconds),
        ),
      )
      .then((ok) => ok && router.push('/rooms'));
  };

  return (
    <FormCard
      id="create-room-title"
      title="Create a room"
      description="A new room with its own ID. Fails if the ID is already taken."
    >
      <form noValidate onSubmit={submit} aria-labelledby="create-room-title" className="flex flex-1 flex-col gap-4 p-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Room ID"
            name="roomID"
            value={roomID}
            onChange={(e) => setRoomID(e.target.value)}
            autoCapitalize="none"
            spellCheck={false}
            placeholder="e.g. math-101"
          />
          <Field
            label="Room name"
            name="roomName"
            value={roomName}
            onChange={(e) => setRoomName(e.target.value)}
            placeholder="e.g. Algebra, period 2"
          />
        </div>
        <DestroyDelayField
          name="destroyDelay"
          value={delay}
          onChange={setDelay}
          max={maxDestroyDelaySeconds}
          hint={`How long the room is kept once everyone has left (0–${maxDestroyDelaySeconds}).`}
          className="sm:max-w-xs"
        />
        <AttributeRows rows={rows} onChange={setRows} />
        <ErrorAlert title="Could not create the room" error={action.error} />
        <div className="mt-auto">
          <Button type="submit" busy={action.busy} disabled={!commands}>
            Create room
          </Button>
        </div>
      </form>
    </FormCard>
  );
}

/** joinRoom: fails when no such room exists (6000322). */
export function JoinRoomForm() {
  const commands = useCommands();
  const router = useRouter();
  const action = useAsyncAction();
  const [roomID, setRoomID] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!commands) return;
    void action.run(() => commands.joinRoom(roomID.trim())).then((ok) => ok && router.push('/rooms'));
  };

  return (
    <FormCard id="join-room-title" title="Join a room" description="An existing room, by its ID.">
      <form noValidate onSubmit={submit} aria-labelledby="join-room-title" className="flex flex-col gap-4 p-4">
        <Field
          label="Room ID"
          name="roomID"
          value={roomID}
          onChange={(e) => setRoomID(e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
        />
        <ErrorAlert title="Could not join the room" error={action.error} />
        <div>
          <Button type="submit" busy={action.busy} disabled={!commands}>
            Join room
          </Button>
        </div>
      </form>
    </FormCard>
  );
}

/** enterRoom: joins, creating the room first if it does not exist. */
export function EnterRoomForm() {
  const commands = useCommands();
  const router = useRouter();
  const action = useAsyncAction();
  const [roomID, setRoomID] = useState('');
  const [roomName, setRoomName] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!commands) return;
    void action
      .run(() => commands.enterRoom({ roomID: roomID.trim(), roomName: roomName.trim() }))
      .then((ok) => ok && router.push('/rooms'));
  };

  return (
    <FormCard
      id="enter-room-title"
      title="Enter a room"
      description="Joins the room, and creates it first if it does not exist."
    >
      <form noValidate onSubmit={submit} aria-labelledby="enter-room-title" className="flex flex-col gap-4 p-4">
        <Field
          label="Room ID"
          name="roomID"
          value={roomID}
          onChange={(e) => setRoomID(e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
        />
        <Field
          label="Room name"
          name="roomName"
          value={roomName}
          onChange={(e) => setRoomName(e.target.value)}
          hint="Used only if the room is created."
        />
        <ErrorAlert title="Could not enter the room" error={action.error} />
        <div>
          <Button type="submit" busy={action.busy} disabled={!commands}>
            Enter room
          </Button>
        </div>
      </form>
    </FormCard>
  );
}
