/** Room messages (SPEC section 7): limits, rate, de-duplication, order, history. */
import {
  byteLength,
  ZIMConversationType,
  ZIMErrorCode,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  zimError,
  type MessageInput,
  type QueryHistoryMessagePayload,
  type SendMessagePayload,
  type ZIMMessage,
  type ZIMMessageQueriedResult,
  type ZIMMessageSentResult,
} from '../../lib/protocol/index.ts';
import { callerOf, requireOpen, requireRoomOfSession, type Reply, type RoomDeps } from './context.ts';
import { takeToken, type RateLimiter } from './rate-limit.ts';
import type { Session } from './sessions.ts';

/** Largest content per type, in bytes. */
export const MESSAGE_LIMITS: Record<MessageInput['type'], number> = {
  [ZIMMessageType.Text]: 2048,
  [ZIMMessageType.Command]: 5120,
  [ZIMMessageType.Barrage]: 5120,
  [ZIMMessageType.Custom]: 2048,
};

export function checkContent(message: MessageInput): void {
  const size = typeof message.message === 'string' ? byteLength(message.message) : message.message.byteLength;
  const limit = MESSAGE_LIMITS[message.type];
  if (size > limit) {
    throw zimError(
      ZIMErrorCode.InvalidParameter,
      `A message of type ${message.type} is at most ${limit} bytes; this one is ${size}`,
    );
  }
  if (message.type !== ZIMMessageType.Command && typeof message.message !== 'string') {
    throw zimError(ZIMErrorCode.InvalidParameter, 'Only Command messages may carry bytes; send text');
  }
  if (size === 0 && message.type === ZIMMessageType.Text) {
    throw zimError(ZIMErrorCode.InvalidParameter, 'A text message must not be empty');
  }
}

export class RoomMessages {
  /** Per session (SPEC 11b), made at its first message of the kind. */
  private readonly messageLimiters = new WeakMap<Session, RateLimiter>();
  private readonly priorityLimiters = new WeakMap<Session, RateLimiter>();

  constructor(private readonly deps: RoomDeps) {}

  async sendMessage(session: Session, p: SendMessagePayload, reply: Reply<ZIMMessageSentResult>): Promise<void> {
    const { store, clock } = this.deps;
    const roomID = p.toConversationID;
    checkContent(p.message);
    requireRoomOfSession(session, roomID);
    const exempt = p.message.type === ZIMMessageType.Barrage || p.config.priority === ZIMMessagePriority.High;
    const { messageRatePerSecond, priorityMessageRatePerSecond } = this.deps.config;
    const allowed = exempt
      ? takeToken(this.priorityLimiters, session, priorityMessageRatePerSecond, clock)
      : takeToken(this.messageLimiters, session, messageRatePerSecond, clock);
    if (!allowed) throw zimError(ZIMErrorCode.RateLimited, 'Too many messages; slow down and retry');
    // The store gives the message its place in the room's order; every receiver sees that order.
    const { localMessageID } = p.message;
    requireOpen(session);
    const result = await store.send(callerOf(session), roomID, {
      type: p.message.type,
      message: p.message.message,
      ...(p.message.type === ZIMMessageType.Custom ? { subType: p.message.subType ?? 0 } : {}),
      extendedData: p.message.extendedData,
      localMessageID,
      timestamp: clock.now(),
      senderUserID: session.user.userID,
      conversationID: roomID,
      conversationType: ZIMConversationType.Room,
      direction: ZIMMessageDirection.Receive,
      sentStatus: ZIMMessageSentStatus.Success,
      priority: p.config.priority,
    });
    if (!result.ok && result.failure === 'reused-id') {
      throw zimError(
        ZIMErrorCode.InvalidParameter,
        `localMessageID "${localMessageID}" was already used for a different message`,
      );
    }
    if (!result.ok) throw zimError(ZIMErrorCode.NotInRoom, `You are not in room "${roomID}"`);
    reply({ message: { ...result.message, direction: ZIMMessageDirection.Send } });
  }

  async queryHistoryMessage(session: Session, p: QueryHistoryMessagePayload): Promise<ZIMMessageQueriedResult> {
    requireRoomOfSession(session, p.conversationID);
    const from = p.config.nextMessage?.messageID;
    const messageList = await this.deps.store.history(p.conversationID, {
      count: p.config.count,
      fromSeq: from !== undefined && /^\d+$/.test(from) ? Number(from) : undefined,
      reverse: p.config.reverse,
    });
    return {
      conversationID: p.conversationID,
      conversationType: ZIMConversationType.Room,
      messageList: seenBy(session, messageList),
    };
  }
}

/** Messages as this session sees them: its own were sent, the rest received. */
export function seenBy(session: Session, messages: readonly ZIMMessage[]): ZIMMessage[] {
  const mine = session.user.userID;
  return messages.map((m) => ({
    ...m,
    direction: m.senderUserID === mine ? ZIMMessageDirection.Send : ZIMMessageDirection.Receive,
  }));
}
