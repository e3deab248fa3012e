'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { useCommands, useConvene } from '@/lib/store/store-provider';

const NO_ATTRIBUTES: Record<string, string> = {};

export interface AttributesDialogProps {
  open: boolean;
  onClose: () => void;
  roomID: string;
}

/** setRoomAttributes / deleteRoomAttributes on the active room; every member sees the change. */
export function AttributesDialog({ open, onClose, roomID }: AttributesDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Room attributes"
      description={`Key/value pairs shared by everyone in ${roomID}.`}
    >
      {open && <AttributesEditor roomID={roomID} onDone={onClose} />}
    </Dialog>
  );
}

function AttributesEditor({ roomID, onDone }: { roomID: string; onDone: () => void }) {
  const attributes = useConvene((s) => s.rooms[roomID]?.attributes ?? NO_ATTRIBUTES);
  const commands = useCommands();
  const action = useAsyncAction();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [refused, setRefused] = useState<string[]>([]);
  const entries = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1));

  const run = (call: () => Promise<string[]> | undefined, after?: () => void) =>
    void action.run(async () => {
      const errorKeys = (await call()) ?? [];
      setRefused(errorKeys);
      if (errorKeys.length === 0) after?.();
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(
      () => commands?.setRoomAttribute(roomID, key.trim(), value),
      () => {
        setKey('');
        setValue('');
      },
    );
  };

  return (
    <div className="flex flex-col gap-4">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">This room has no attributes yet.</p>
      ) : (
        <table className="w-full table-fixed text-sm">
          <caption className="sr-only">Attributes of {roomID}</caption>
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th scope="col" className="w-1/3 pb-1 font-medium">
                Key
              </th>
              <th scope="col" className="pb-1 font-medium">
                Value
              </th>
              <th scope="col" className="w-20 pb-1">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} className="border-t border-slate-100">
                <td className="truncate py-1.5 pr-2 font-mono text-slate-800">{k}</td>
                <td className="py-1.5 pr-2 break-words text-slate-800">{v}</td>
                <td className="py-1.5 text-right">
                  <Button
                    variant="danger"
                    size="sm"
                    aria-label={`Delete attribute ${k}`}
                    onClick={() => run(() => commands?.deleteRoomAttribute(roomID, k))}
                  >
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        noValidate
        onSubmit={submit}
        aria-label="Set an attribute"
        className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <Field label="Key" value={key} onChange={(e) => setKey(e.target.value)} className="font-mono" />
        <Field label="Value" value={value} onChange={(e) => setValue(e.target.value)} />
        <Button type="submit" busy={action.busy} disabled={!key.trim()}>
          Set attribute
        </Button>
      </form>
      <ErrorAlert
        title="The attribute change failed"
        error={action.error ?? (refused.length ? { message: `Refused keys: ${refused.join(', ')}` } : null)}
      />
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
