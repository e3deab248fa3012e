'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { SIMULATED_MAX, SIMULATED_MIN, TOPIC_MAX_LENGTH } from '@/lib/classroom/class-keys';
import { useCommands } from '@/lib/store/store-provider';

interface HostDialogProps {
  open: boolean;
  onClose: () => void;
  roomID: string;
}

/** A form in a dialog whose submit runs one host action and closes on success. */
function ActionForm({
  label,
  submitLabel,
  danger,
  work,
  onDone,
  children,
}: {
  label: string;
  submitLabel: string;
  danger?: boolean;
  work: () => Promise<unknown> | undefined;
  onDone: () => void;
  children?: ReactNode;
}) {
  const action = useAsyncAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await work();
      onDone();
    });
  };
  return (
    <form onSubmit={submit} aria-label={label} className="flex flex-col gap-4">
      {children}
      <ErrorAlert title={`Could not ${label.toLowerCase()}`} error={action.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={action.busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

export function TopicDialog({ open, onClose, roomID, current }: HostDialogProps & { current: string }) {
  return (
    <Dialog open={open} onClose={onClose} title="Set the topic" description="Everyone in the class sees it at once.">
      {open && <TopicForm roomID={roomID} current={current} onDone={onClose} />}
    </Dialog>
  );
}

/** Mounted per opening, so it starts from the topic as it is then. */
function TopicForm({ roomID, current, onDone }: { roomID: string; current: string; onDone: () => void }) {
  const commands = useCommands();
  const [topic, setTopic] = useState(current);
  return (
    <ActionForm
      label="Set topic"
      submitLabel="Set topic"
      work={() => commands?.setTopic(roomID, topic.trim())}
      onDone={onDone}
    >
      <Field
        label="Topic"
        value={topic}
        required
        maxLength={TOPIC_MAX_LENGTH}
        onChange={(e) => setTopic(e.target.value)}
        autoFocus
      />
    </ActionForm>
  );
}

export function EndClassDialog({ open, onClose, roomID, roomLabel }: HostDialogProps & { roomLabel: string }) {
  const commands = useCommands();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="End the class?"
      description={`${roomLabel} closes for everyone in it, you included.`}
    >
      {open && (
        <ActionForm
          label="End class"
          submitLabel="End class"
          danger
          work={() => commands?.endClass(roomID)}
          onDone={onClose}
        />
      )}
    </Dialog>
  );
}

export function SimulatedStudentsDialog({ open, onClose, roomID }: HostDialogProps) {
  const commands = useCommands();
  const [count, setCount] = useState(String(SIMULATED_MIN));
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add simulated students"
      description="Demo mode: students run by the server join, chat now and then and raise hands. They leave when the class ends or you remove them."
    >
      {open && (
        <ActionForm
          label="Add students"
          submitLabel="Add students"
          work={() => commands?.addSimulatedStudents(roomID, Number(count))}
          onDone={onClose}
        >
          <Field
            label="Number of students"
            type="number"
            min={SIMULATED_MIN}
            max={SIMULATED_MAX}
            required
            value={count}
            onChange={(e) => setCount(e.target.value)}
            hint={`${SIMULATED_MIN} to ${SIMULATED_MAX}`}
          />
        </ActionForm>
      )}
    </Dialog>
  );
}
