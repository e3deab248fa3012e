'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { useCommands } from '@/lib/store/store-provider';
import { EndClassDialog, SimulatedStudentsDialog, TopicDialog } from './class-dialogs';
import { HandIcon } from './hand-icon';
import { useClass } from './use-class';

/** Whether this server offers the demo class; asked once per page. */
function useDemoClass(): boolean {
  const commands = useCommands();
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    commands?.demoClassAvailable().then(
      (yes) => live && setAvailable(yes),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [commands]);
  return available;
}

/** The class line of the room header: host and topic, a hand for everyone, the host's controls. */
export function ClassControls({ roomID, roomLabel }: { roomID: string; roomLabel: string }) {
  const { hostName, isHost, topic, ownHandRaised } = useClass(roomID);
  const commands = useCommands();
  const hand = useAsyncAction();
  const demoClass = useDemoClass();
  const [dialog, setDialog] = useState<'topic' | 'end' | 'students' | null>(null);
  const close = () => setDialog(null);

  return (
    <div className="mt-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
      <p className="min-w-0 text-sm text-slate-600">
        {hostName !== undefined && (
          <span>
            Host: <span className="font-medium text-slate-900">{isHost ? `${hostName} (you)` : hostName}</span>
          </span>
        )}
        {topic && (
          <span>
            {hostName !== undefined && ' · '}Topic: <span className="font-medium text-slate-900">{topic}</span>
          </span>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Class actions">
        {!isHost && (
          <Button
            variant={ownHandRaised ? 'primary' : 'secondary'}
            size="sm"
            aria-pressed={ownHandRaised}
            busy={hand.busy}
            onClick={() =>
              void hand.run(
                () => (ownHandRaised ? commands?.lowerHand(roomID) : commands?.raiseHand(roomID)) ?? Promise.resolve(),
              )
            }
          >
            <HandIcon />
            {ownHandRaised ? 'Lower hand' : 'Raise hand'}
          </Button>
        )}
        {isHost && (
          <>
            <Button variant="secondary" size="sm" onClick={() => setDialog('topic')}>
              Set topic
            </Button>
            {demoClass && (
              <Button variant="secondary" size="sm" onClick={() => setDialog('students')}>
                Add simulated students
              </Button>
            )}
            <Button variant="danger" size="sm" onClick={() => setDialog('end')}>
              End class
            </Button>
          </>
        )}
      </div>
      <ErrorAlert className="w-full" title="Could not change your hand" error={hand.error} />
      {isHost && (
        <>
          <TopicDialog open={dialog === 'topic'} onClose={close} roomID={roomID} current={topic} />
          <EndClassDialog open={dialog === 'end'} onClose={close} roomID={roomID} roomLabel={roomLabel} />
          <SimulatedStudentsDialog open={dialog === 'students'} onClose={close} roomID={roomID} />
        </>
      )}
    </div>
  );
}
