'use client';

import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '@/components/ui/button';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { byteLength, ZIMConnectionState, ZIMRoomState } from '@/lib/protocol/client';
import { useCommands, useConvene } from '@/lib/store/store-provider';

/** SPEC 7: a text message is at most 2 KB. */
const MAX_BYTES = 2048;

export function Composer({ roomID, roomLabel }: { roomID: string; roomLabel: string }) {
  const commands = useCommands();
  const connected = useConvene(
    (s) => s.connection.state === ZIMConnectionState.Connected && s.rooms[roomID]?.state === ZIMRoomState.Connected,
  );
  const send = useAsyncAction();
  const [text, setText] = useState('');
  const bytes = byteLength(text);
  const tooLong = bytes > MAX_BYTES;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text;
    if (!commands || !body.trim() || tooLong || !connected) return;
    void send
      .run(() => commands.sendText(roomID, body))
      .then((ok) => {
        if (ok) setText((current) => (current === body ? '' : current));
      });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      onSubmit={submit}
      className="border-t border-slate-200 bg-white p-3"
      aria-label={`Send a message to ${roomLabel}`}
    >
      <div className="flex items-end gap-2">
        <textarea
          aria-label="Message"
          rows={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={connected ? `Message ${roomLabel}` : 'Waiting for the connection…'}
          aria-invalid={tooLong || undefined}
          aria-describedby="composer-help"
          className="max-h-40 min-h-10 flex-1 resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm leading-relaxed placeholder:text-slate-400 focus:border-teal-600 focus:outline-2 focus:outline-teal-600/30 aria-invalid:border-rose-500"
        />
        <Button type="submit" busy={send.busy} disabled={!connected || !text.trim() || tooLong}>
          Send
        </Button>
      </div>
      <p id="composer-help" className="mt-1.5 flex justify-between gap-3 text-xs text-slate-500">
        <span>
          {send.error ? (
            <span role="alert" className="font-medium text-rose-700">
              Not sent: {send.error.code !== undefined && `Error ${send.error.code} · `}
              {send.error.message}
            </span>
          ) : (
            'Enter to send · Shift+Enter for a new line'
          )}
        </span>
        {bytes > MAX_BYTES * 0.8 && (
          <span className={tooLong ? 'font-medium text-rose-700' : ''}>
            {bytes} / {MAX_BYTES} bytes
          </span>
        )}
      </p>
    </form>
  );
}
