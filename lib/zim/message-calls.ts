/** Room messages: sending (with client-chosen IDs for safe retries) and history. */
import {
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  checkExtendedData,
  checkHistoryConversationType,
  checkLocalMessageID,
  checkMessageContent,
  checkMessageConversationType,
  checkMessagePriority,
  checkMessageSubType,
  checkMessageType,
  checkPageCount,
  checkRoomID,
  type ZIMMessage,
  type ZIMMessageContent,
  type ZIMMessageInput,
  type ZIMMessageQueriedResult,
  type ZIMMessageQueryConfig,
  type ZIMMessageSendConfig,
  type ZIMMessageSentResult,
  type RoomMessageType,
} from '../protocol/client.ts';
import { checked, objectArg, optionalObjectArg, type ZIMCore } from './core.ts';
import { randomID } from './ids.ts';
import type { ZIMMessageSendNotification } from './sdk-types.ts';

/**
 * Socket.IO delivers bytes as a Buffer in Node and an ArrayBuffer in browsers; apps get a plain
 * Uint8Array either way, as ZIM gives Command messages.
 */
export function normalizeContent(content: unknown): ZIMMessageContent {
  if (typeof content === 'string') return content;
  if (content instanceof ArrayBuffer) return new Uint8Array(content.slice(0));
  if (ArrayBuffer.isView(content))
    return new Uint8Array(content.buffer, content.byteOffset, content.byteLength).slice();
  // Anything else is not from this server; ZIM's type for the content is a string then.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- kept as it was: String() of whatever came
  return String(content ?? '');
}

export function normalizeMessage(message: ZIMMessage, direction?: ZIMMessageDirection): ZIMMessage {
  return { ...message, message: normalizeContent(message.message), direction: direction ?? message.direction };
}

/** The IDs this SDK wrote onto message objects, with the content they were sent with. */
const assignedIDs = new WeakMap<object, { id: string; content: string }>();

function contentKey(m: ZIMMessageInput): string {
  const body =
    typeof m.message === 'string' ? m.message : m.message instanceof Uint8Array ? Array.from(m.message).join(',') : '';
  return JSON.stringify([m.type, body, m.subType ?? null, m.extendedData ?? ''], (_k, v: unknown) => v);
}

export async function sendMessage(
  core: ZIMCore,
  message: ZIMMessageInput,
  toConversationID: string,
  conversationType: number,
  config?: ZIMMessageSendConfig | null,
  notification?: ZIMMessageSendNotification,
): Promise<ZIMMessageSentResult> {
  // Written back onto the caller's object: sending the same object again is then a retry that
  // the server stores and delivers once. An object the app reuses with new content is a new
  // message, so it gets a new ID (an ID the app chose itself is left alone).
  if (message && typeof message === 'object') {
    const given = assignedIDs.get(message);
    const content = contentKey(message);
    if (!message.localMessageID || (given?.id === message.localMessageID && given.content !== content)) {
      try {
        message.localMessageID = randomID();
        assignedIDs.set(message, { id: message.localMessageID, content });
      } catch {
        // A frozen message cannot carry the ID back; it is still sent with a fresh one below.
      }
    }
  }
  const input = objectArg('message', message);
  const type = checked<RoomMessageType>('message.type', input.type, checkMessageType);
  const content = checked<ZIMMessageContent>('message.message', input.message, checkMessageContent);
  const subType = checked<number | undefined>('message.subType', input.subType, checkMessageSubType);
  const extendedData = checked<string | undefined>('message.extendedData', input.extendedData, checkExtendedData);
  const localMessageID = checked<string | undefined>(
    'message.localMessageID',
    input.localMessageID,
    checkLocalMessageID,
  );
  // A copy: the caller's object is only ever given its localMessageID (above).
  const wireMessage: ZIMMessageInput & { type: RoomMessageType; extendedData: string; localMessageID: string } = {
    type,
    message: content,
    ...(subType === undefined ? {} : { subType }),
    extendedData: extendedData ?? '',
    localMessageID: localMessageID || randomID(),
  };
  const payload = {
    message: wireMessage,
    toConversationID: checked<string>('toConversationID', toConversationID, checkRoomID),
    conversationType: checked<typeof ZIMConversationType.Room>(
      'conversationType',
      conversationType,
      checkMessageConversationType,
    ),
    config: { priority: priorityArg(config) },
  };
  await core.connection.ready('sendMessage');
  const onAttached = notification?.onMessageAttached;
  if (onAttached) {
    const sender = core.connection.getUser()?.userID ?? '';
    const attached: ZIMMessage = {
      ...payload.message,
      messageID: '',
      timestamp: Date.now(),
      senderUserID: sender,
      conversationID: payload.toConversationID,
      conversationType: ZIMConversationType.Room,
      direction: ZIMMessageDirection.Send,
      sentStatus: ZIMMessageSentStatus.Sending,
      priority: payload.config.priority,
    };
    try {
      onAttached(attached);
    } catch (err) {
      console.error('[convene/zim] onMessageAttached threw:', err);
    }
  }
  const data = await core.connection.call('sendMessage', payload);
  core.rooms.noteSent(payload.toConversationID, data.message.messageID);
  return { message: normalizeMessage(data.message, ZIMMessageDirection.Send) };
}

export async function queryHistoryMessage(
  core: ZIMCore,
  conversationID: string,
  conversationType: number,
  config: ZIMMessageQueryConfig,
): Promise<ZIMMessageQueriedResult> {
  const payload = {
    conversationID: checked<string>('conversationID', conversationID, checkRoomID),
    conversationType: checked<typeof ZIMConversationType.Room>(
      'conversationType',
      conversationType,
      checkHistoryConversationType,
    ),
    config: historyConfigArg(config),
  };
  const data = await core.connection.call('queryHistoryMessage', payload);
  const self = core.connection.getUser()?.userID;
  const messageList = (Array.isArray(data?.messageList) ? data.messageList : []).map((m) =>
    normalizeMessage(m, m.senderUserID === self ? ZIMMessageDirection.Send : ZIMMessageDirection.Receive),
  );
  return { conversationID: data.conversationID, conversationType: data.conversationType, messageList };
}

/** No config: Medium, as in ZIM. */
function priorityArg(value: ZIMMessageSendConfig | null | undefined): ZIMMessagePriority {
  const config = optionalObjectArg('config', value);
  return config
    ? checked<ZIMMessagePriority>('config.priority', config.priority, checkMessagePriority)
    : ZIMMessagePriority.Medium;
}

function historyConfigArg(value: ZIMMessageQueryConfig): ZIMMessageQueryConfig & { reverse: boolean } {
  const config = objectArg('config', value);
  // Apps pass back a whole message as the cursor; only its ID means anything to the server.
  const next = config.nextMessage;
  return {
    count: checked<number>('config.count', config.count, checkPageCount),
    // A message without an ID (one not sent yet) is no cursor: the page starts from the end.
    nextMessage: next?.messageID ? { messageID: next.messageID } : undefined,
    reverse: config.reverse ?? false,
  };
}
