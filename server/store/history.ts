/** Paging a room's kept messages (SPEC 7 queryHistoryMessage), the same for every store. */
import type { ZIMMessage } from '../../lib/protocol/index.ts';
import type { HistoryQuery } from './types.ts';

/** What a kept message counts toward the history budget: its content and a fixed overhead. */
export function messageBytes(message: Pick<ZIMMessage, 'message' | 'extendedData'>): number {
  const content = typeof message.message === 'string' ? message.message.length : message.message.byteLength;
  return content + (message.extendedData?.length ?? 0) + MESSAGE_OVERHEAD_BYTES;
}

/** The fields beside the content (IDs, sender, time, flags), as the stores keep them. */
export const MESSAGE_OVERHEAD_BYTES = 200;

/** `all` in messageID order. */
export function historyPage(all: readonly ZIMMessage[], query: HistoryQuery): ZIMMessage[] {
  const seq = (m: ZIMMessage) => Number(m.messageID);
  if (query.reverse) {
    const from = query.fromSeq ?? 0;
    return all.filter((m) => seq(m) > from).slice(0, query.count);
  }
  const before = query.fromSeq ?? Number.POSITIVE_INFINITY;
  const older = all.filter((m) => seq(m) < before);
  return older.slice(Math.max(0, older.length - query.count));
}
