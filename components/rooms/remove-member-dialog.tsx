'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { REASON_MAX_LENGTH } from '@/lib/classroom/class-keys';
import type { ZIMUserInfo } from '@/lib/protocol/client';
import { useCommands } from '@/lib/store/store-provider';

export interface RemoveMemberDialogProps {
  roomID: string;
  /** The member to remove; null: closed. */
  member: ZIMUserInfo | null;
  onClose: () => void;
}

/** The host removes a member, with a reason the member is shown. */
export function RemoveMemberDialog({ roomID, member, onClose }: RemoveMemberDialogProps) {
  const name = member ? member.userName || member.userID : '';
  return (
    <Dialog
      open={member !== null}
      onClose={onClose}
      title={`Remove ${name}`}
      description="They leave the class at once and see your reason."
    >
      {member && <RemoveForm key={member.userID} roomID={roomID} member={member} onDone={onClose} />}
    </Dialog>
  );
}

function RemoveForm({ roomID, member, onDone }: { roomID: string; member: ZIMUserInfo; onDone: () => void }) {
  const commands = useCommands();
  const action = useAsyncAction();
  const [reason, setReason] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await commands?.removeMember(roomID, member.userID, reason.trim());
      onDone();
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Remove member">
      <Field
        label="Reason"
        value={reason}
        maxLength={REASON_MAX_LENGTH}
        onChange={(e) => setReason(e.target.value)}
        placeholder="e.g. Please keep the chat on topic"
        autoFocus
      />
      <ErrorAlert title="Could not remove" error={action.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" busy={action.busy}>
          Remove
        </Button>
      </div>
    </form>
  );
}
