import type { ZIMMessage } from '@/lib/protocol/client';
import { messageText } from '@/lib/store/messages';
import { clockTime } from './format';

/** A message from the server itself (the class being told something): a line, not a chat bubble. */
export function ServerNotice({ message }: { message: ZIMMessage }) {
  return (
    <p
      role="note"
      aria-label={`Notice at ${clockTime(message.timestamp)}`}
      className="py-2 text-center text-xs text-slate-500"
    >
      <span className="rounded-full bg-slate-100 px-3 py-1">{messageText(message)}</span>
    </p>
  );
}
