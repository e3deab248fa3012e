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
          {host && (
            <span className="ml-1.5 rounded bg-teal-50 px-1 text-[0.6875rem] font-medium text-teal-800 ring-1 ring-teal-200 ring-inset">
              host
            </span>
          )}
        </span>
        <span className="block truncate text-xs text-slate-500">{member.userID}</span>
      </span>
      {handRaised && !hostView && <HandIcon label="Hand raised" className="size-5 text-amber-600" />}
      {hostView && !self && (
        <span className="flex shrink-0 items-center">
          {handRaised && (
            // The host sees the raised hand as the button that lowers it.
            <Button
              variant="ghost"
              size="sm"
              className="h-7 gap-1 px-1.5 text-xs text-amber-700"
              busy={lower.busy}
              aria-label={`Lower ${name}'s hand`}
              title="Hand raised: lower it"
              onClick={() => void lower.run(() => commands?.lowerHand(roomID, member.userID) ?? Promise.resolve())}
            >
              <HandIcon className="size-5" />
              Lower
            </Button>
          )}
          <Button
            variant="ghost"
            size="sm"
            className="h-7 px-1.5 text-rose-700"
            aria-label={`Remove ${name}`}
            title={`Remove ${name}`}
            onClick={() => onRemove(member)}
          >
            <svg
              viewBox="0 0 24 24"
              aria-hidden
              className="size-4"
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
              strokeLinecap="round"
            >
              <path d="M18 6 6 18M6 6l12 12" />
            </svg>
          </Button>
        </span>
      )}
      {lower.error && <ErrorAlert className="sr-only" error={lower.error} title="Could not lower the hand" />}
    </>
  );
}
