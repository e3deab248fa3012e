'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { useCommands } from '@/lib/store/store-provider';
import { AttributeRows } from './attribute-rows';
import { DestroyDelayField } from './destroy-delay-field';
import { useServerLimits } from './limits';
import { toRoomConfig, type AttributeRow } from './room-config';

export interface SwitchRoomDialogProps {
  open: boolean;
  onClose: () => void;
  fromRoomID: string;
  fromLabel: string;
}

/** switchRoom: moves this session from the active room to another, atomically. */
export function SwitchRoomDialog({ open, onClose, fromRoomID, fromLabel }: SwitchRoomDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Switch room"
      description={`Leave ${fromLabel} and join another room in one step. If it fails, you stay in ${fromLabel}.`}
    >
      {/* Mounted only while open, so each opening starts with a clean form. */}
      {open && <SwitchRoomForm fromRoomID={fromRoomID} onDone={onClose} />}
    </Dialog>
  );
}

function SwitchRoomForm({ fromRoomID, onDone }: { fromRoomID: string; onDone: () => void }) {
  const commands = useCommands();
  const action = useAsyncAction();
  const [roomID, setRoomID] = useState('');
  const [roomName, setRoomName] = useState('');
  const [create, setCreate] = useState(false);
  const [delay, setDelay] = useState('');
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const { maxDestroyDelaySeconds } = useServerLimits();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!commands) return;
    void action
      .run(() =>
        commands.switchRoom(
          fromRoomID,
          { roomID: roomID.trim(), roomName: roomName.trim() },
          create,
          create ? toRoomConfig(rows, delay, maxDestroyDelaySeconds) : undefined,
        ),
      )
      .then((ok) => ok && onDone());
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Switch room" className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Target room ID"
          value={roomID}
          onChange={(e) => setRoomID(e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
        />
        <Field label="Target room name" value={roomName} onChange={(e) => setRoomName(e.target.value)} />
      </div>
      <Checkbox
        label="Create the room if it does not exist"
        checked={create}
        onChange={(e) => setCreate(e.target.checked)}
      />
      {create && (
        <div className="flex flex-col gap-4 rounded-lg bg-slate-50 p-3">
          <DestroyDelayField
            value={delay}
            onChange={setDelay}
            max={maxDestroyDelaySeconds}
            hint={`For the new room: how long it is kept once everyone has left (0–${maxDestroyDelaySeconds}).`}
          />
          <AttributeRows rows={rows} onChange={setRows} />
        </div>
      )}
      <ErrorAlert title={`Could not switch rooms — you are still in ${fromRoomID}`} error={action.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" busy={action.busy} disabled={!commands}>
          Switch
        </Button>
      </div>
    </form>
  );
}
