'use client';

import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAsyncAction } from '@/components/ui/use-async-action';
import type { ZIMUserInfo } from '@/lib/protocol/client';
import { useCommands } from '@/lib/store/store-provider';
import { Avatar } from './avatar';
import { HandIcon } from './hand-icon';

export interface MemberRowProps {
  roomID: string;
  member: ZIMUserInfo;
  self: boolean;
  host: boolean;
  handRaised: boolean;
  /** The viewer hosts the class: show the host's actions on this row. */
  hostView: boolean;
  onRemove: (member: ZIMUserInfo) => void;
}

/** One member: name, ID, a raised hand; for the host, lower the hand and remove the member. */
export function MemberRow({ roomID, member, self, host, handRaised, hostView, onRemove }: MemberRowProps) {
  const commands = useCommands();
  const lower = useAsyncAction();
  const name = member.userName || member.userID;
  return (
    <>
      <Avatar userID={member.userID} name={name} />
      <span className="min-w-0 flex-1 leading-tight">
        <span className="block truncate text-sm font-medium text-slate-900">
          {name}
          {self && <span className="font-normal text-slate-500"> (you)</span>}
          {host && <span className="ml-1.5 rounded bg-teal-50 px-1 text-[0.6875rem] font-medium text-teal-800 ring-1 ring-teal-200 ring-inset">host</span>}
        </span>
        <span className="block truncate text-xs text-slate-500">{member.userID}</span>
      </span>
      {handRaised && <HandIcon label="Hand raised" className="size-5 text-amber-600" />}
      {hostView && !self && (
        <span className="flex shrink-0 items-center">
          {handRaised && (
            <Button
              variant="ghost"
              size="sm"
              className="h-7 px-1.5 text-xs"
              busy={lower.busy}
              aria-label={`Lower ${name}'s hand`}
              onClick={() => void lower.run(() => commands?.lowerHand(roomID, member.userID) ?? Promise.resolve())}
            >
              Lower
            </Button>
          )}
          <Button variant="ghost" size="sm" className="h-7 px-1.5 text-xs text-rose-700" aria-label={`Remove ${name}`} onClick={() => onRemove(member)}>
            Remove
          </Button>
        </span>
      )}
      {lower.error && <ErrorAlert className="sr-only" error={lower.error} title="Could not lower the hand" />}
    </>
  );
}
