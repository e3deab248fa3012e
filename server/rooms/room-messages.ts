/** Room messages (SPEC section 7): limits, rate, de-duplication, order, history. */
import {
  byteLength,
  ZIMConversationType,
  ZIMErrorCode,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  SERVER_USER_ID,
  slimRoomMessage,
  zimError,
  type MessageInput,
  type QueryHistoryMessagePayload,
  type SendMessagePayload,
  type ZIMMessage,
  type ZIMMessageQueriedResult,
  type ZIMMessageSentResult,
} from '../../lib/protocol/index.ts';
import { requireOpen, requireRoomOfSession, roomKey, type Reply, type RoomDeps } from './context.ts';
import type { Session } from './sessions.ts';

/** Largest content per type, in bytes. */
export const MESSAGE_LIMITS: Record<MessageInput['type'], number> = {
  [ZIMMessageType.Text]: 2048,
  [ZIMMessageType.Command]: 5120,
  [ZIMMessageType.Barrage]: 5120,
  [ZIMMessageType.Custom]: 2048,
};

function checkContent(message: MessageInput): void {
  const size = typeof message.message === 'string' ? byteLength(message.message) : message.message.byteLength;
  const limit = MESSAGE_LIMITS[message.type];
  if (size > limit) {
    throw zimError(ZIMErrorCode.InvalidParameter, `A message of type ${message.type} is at most ${limit} bytes; this one is ${size}`);
  }
  if (message.type !== ZIMMessageType.Command && typeof message.message !== 'string') {
    throw zimError(ZIMErrorCode.InvalidParameter, 'Only Command messages may carry bytes; send text');
  }
  if (size === 0 && message.type === ZIMMessageType.Text) {
    throw zimError(ZIMErrorCode.InvalidParameter, 'A text message must not be empty');
  }
}

/** A retry carries what the first send carried; the same localMessageID with other content is not one. */
function sameContent(stored: ZIMMessage, input: MessageInput): boolean {
  if (stored.type !== input.type) return false;
  const a = stored.message;
  const b = input.message;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

/** A resuming session's messages of one room after its last one (`after`). */
export interface Replay {
  after: number;
  messages: ZIMMessage[];
}

export class RoomMessages {
  constructor(private readonly deps: RoomDeps) {}

  async sendMessage(session: Session, p: SendMessagePayload, reply: Reply<ZIMMessageSentResult>): Promise<void> {
    const { store, outbox } = this.deps;
    const roomID = p.toConversationID;
    checkContent(p.message);
    requireRoomOfSession(session, roomID);
    const exempt = p.message.type === ZIMMessageType.Barrage || p.config.priority === ZIMMessagePriority.High;
    const allowed = exempt ? session.priorityLimiter.take() : session.messageLimiter.take();
    if (!allowed) throw zimError(ZIMErrorCode.RateLimited, 'Too many messages; slow down and retry');
    // The room lock gives every receiver the same order.
    await store.withLocks([roomKey(roomID)], async () => {
      requireOpen(session);
      requireRoomOfSession(session, roomID);
      const { localMessageID } = p.message;
      const earlier = localMessageID ? await store.findSentMessage(roomID, session.user.userID, localMessageID) : undefined;
      if (earlier) {
        if (!sameContent(earlier, p.message)) {
          throw zimError(ZIMErrorCode.InvalidParameter, `localMessageID "${localMessageID}" was already used for a different message`);
        }
        return reply({ message: { ...earlier, direction: ZIMMessageDirection.Send } });
      }
      const message = await this.keep(roomID, p.message, session.user.userID, p.config.priority);
      outbox.toRoom(roomID, 'receiveRoomMessage', { messageList: [slimRoomMessage(message)], fromConversationID: roomID }, [
        session.sessionID,
      ]);
      reply({ message: { ...message, direction: ZIMMessageDirection.Send } });
    });
  }

  /** A message from the server itself (the server API): sender `@server`, to every member. */
  async sendFromServer(roomID: string, input: MessageInput, priority: ZIMMessagePriority): Promise<ZIMMessageSentResult> {
    checkContent(input);
    return this.deps.store.withLocks([roomKey(roomID)], async () => {
      if (!(await this.deps.store.getRoom(roomID))) throw zimError(ZIMErrorCode.RoomNotExist, `Room "${roomID}" does not exist`);
      const message = await this.keep(roomID, { ...input, localMessageID: '' }, SERVER_USER_ID, priority);
      this.deps.outbox.toRoom(roomID, 'receiveRoomMessage', { messageList: [slimRoomMessage(message)], fromConversationID: roomID });
      return { message };
    });
  }

  /** Keeps a new message in the room's history (under the room's lock), giving it its ID. */
  private keep(roomID: string, input: MessageInput, senderUserID: string, priority: ZIMMessagePriority): Promise<ZIMMessage> {
    const { clock, config } = this.deps;
    return this.deps.store.appendMessage(
      roomID,
      (seq): ZIMMessage => ({
        type: input.type,
        message: input.message,
        ...(input.type === ZIMMessageType.Custom ? { subType: input.subType ?? 0 } : {}),
        extendedData: input.extendedData,
        messageID: String(seq),
        localMessageID: input.localMessageID,
        timestamp: clock.now(),
        senderUserID,
        conversationID: roomID,
        conversationType: ZIMConversationType.Room,
        direction: ZIMMessageDirection.Receive,
        sentStatus: ZIMMessageSentStatus.Success,
        priority,
      }),
      config.historySize,
    );
  }

  /**
   * What a resuming session missed: per room it holds and gave its last messageID for, the kept
   * messages after that one.
   */
  async missedMessages(session: Session, rooms: readonly { roomID: string; lastMessageID?: string | undefined }[]): Promise<Map<string, Replay>> {
    const replay = new Map<string, Replay>();
    for (const { roomID, lastMessageID } of rooms) {
      if (lastMessageID === undefined || !session.rooms.has(roomID)) continue;
      const after = Number(lastMessageID);
      const messages = await this.deps.store.history(roomID, { count: this.deps.config.historySize, fromSeq: after, reverse: true });
      replay.set(roomID, { after, messages });
    }
    return replay;
  }

  async queryHistoryMessage(session: Session, p: QueryHistoryMessagePayload): Promise<ZIMMessageQueriedResult> {
    requireRoomOfSession(session, p.conversationID);
    const from = p.config.nextMessage?.messageID;
    const messageList = await this.deps.store.history(p.conversationID, {
      count: p.config.count,
      fromSeq: from !== undefined && /^\d+$/.test(from) ? Number(from) : undefined,
      reverse: p.config.reverse,
    });
    const mine = session.user.userID;
    return {
      conversationID: p.conversationID,
      conversationType: ZIMConversationType.Room,
      messageList: messageList.map((m) => ({
        ...m,
        direction: m.senderUserID === mine ? ZIMMessageDirection.Send : ZIMMessageDirection.Receive,
      })),
    };
  }
}
