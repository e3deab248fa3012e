/**
 * zod schemas for every client→server payload. The server parses each payload with these before
 * anything reaches the room core; the SDK uses the same checks to fail fast on bad arguments.
 * Shape and format errors are 6000001; limits with a code of their own (attributes, room counts)
 * are checked by the room core so they get that code.
 */
import { z } from 'zod';
import { ZIMConversationType, ZIMMessagePriority, ZIMMessageType } from './enums.ts';
import { ZIMErrorCode, type ZIMErrorInfo } from './errors.ts';

const encoder = new TextEncoder();
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Characters SPEC section 1 allows in userIDs and roomIDs. */
export const ID_PATTERN = /^[A-Za-z0-9!#$%&()+\-:;<=.>?@[\]^_{}|~]+$/;
/** Hard caps on anything a client sends, so no payload can make the server do unbounded work. */
export const WIRE_LIMITS = { text: 64 * 1024, list: 1000, keys: 1000 } as const;

const id = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} bytes`)
    .regex(ID_PATTERN, `${what} may hold only letters, digits and !#$%&()+-:;<=.>?@[]^_{}|~`);

const boundedText = (what: string, maxBytes: number) =>
  z
    .string({ error: `${what} must be a string` })
    .max(maxBytes, `${what} must be at most ${maxBytes} bytes`)
    .refine((s) => byteLength(s) <= maxBytes, `${what} must be at most ${maxBytes} bytes`);

export const userIDSchema = id('userID', 32);
export const userNameSchema = boundedText('userName', 256);
export const roomIDSchema = id('roomID', 128);
export const roomNameSchema = boundedText('roomName', 64);

export const roomInfoSchema = z.object({
  roomID: roomIDSchema,
  roomName: roomNameSchema.optional().default(''),
});

const attributeMap = z
  .record(z.string().max(WIRE_LIMITS.text), z.string().max(WIRE_LIMITS.text), {
    error: 'roomAttributes must be an object of string keys and string values',
  })
  .refine((m) => Object.keys(m).length <= WIRE_LIMITS.keys, 'too many attributes');

export const roomAdvancedConfigSchema = z.object({
  roomAttributes: attributeMap.optional().default({}),
  roomDestroyDelayTime: z
    .number({ error: 'roomDestroyDelayTime must be a number of seconds' })
    .int('roomDestroyDelayTime must be a whole number of seconds')
    .min(0, 'roomDestroyDelayTime must be 0 or more')
    .max(10800, 'roomDestroyDelayTime must be at most 10800 seconds')
    .optional()
    .default(0),
});

const optionalConfig = roomAdvancedConfigSchema.nullish().transform((c) => c ?? { roomAttributes: {}, roomDestroyDelayTime: 0 });

export const createRoomSchema = z.object({ roomInfo: roomInfoSchema, config: optionalConfig });
export const enterRoomSchema = createRoomSchema;
export const joinRoomSchema = z.object({ roomID: roomIDSchema });
export const switchRoomSchema = z.object({
  fromRoomID: roomIDSchema,
  toRoomInfo: roomInfoSchema,
  isCreateWhenRoomNotExisted: z.boolean({ error: 'isCreateWhenRoomNotExisted must be a boolean' }),
  config: optionalConfig,
});
export const leaveRoomSchema = joinRoomSchema;
export const emptySchema = z.strictObject({}, { error: "this call takes an empty object" }).nullish();

export const queryRoomMemberListSchema = z.object({
  roomID: roomIDSchema,
  config: z.object({
    nextFlag: z.string().max(256).optional().default(''),
    count: z.number().int().min(1, 'count must be 1…100').max(100, 'count must be 1…100'),
  }),
});
export const queryRoomMembersSchema = z.object({
  roomID: roomIDSchema,
  userIDs: z.array(userIDSchema).min(1, 'userIDs must not be empty').max(10, 'at most 10 userIDs'),
});
export const roomIDOnlySchema = joinRoomSchema;

const setConfig = z
  .object({
    isForce: z.boolean().optional().default(false),
    isDeleteAfterOwnerLeft: z.boolean().optional().default(false),
    isUpdateOwner: z.boolean().optional().default(false),
  })
  .nullish()
  .transform((c) => c ?? { isForce: false, isDeleteAfterOwnerLeft: false, isUpdateOwner: false });

export const setRoomAttributesSchema = z.object({
  roomID: roomIDSchema,
  roomAttributes: attributeMap,
  config: setConfig,
});
const keyList = z.array(z.string().max(WIRE_LIMITS.text)).max(WIRE_LIMITS.list, 'too many keys');
export const deleteRoomAttributesSchema = z.object({
  roomID: roomIDSchema,
  keys: keyList,
  config: z
    .object({ isForce: z.boolean().optional().default(false) })
    .nullish()
    .transform((c) => c ?? { isForce: false }),
});
/** Inside a batch a call's flags are optional: what it leaves out comes from the batch's config. */
const batchCallFlags = z
  .object({ isForce: z.boolean().optional(), isDeleteAfterOwnerLeft: z.boolean().optional(), isUpdateOwner: z.boolean().optional() })
  .nullish()
  .transform((c) => c ?? {});
export const attributesBatchOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), roomAttributes: attributeMap, config: batchCallFlags }),
  z.object({ op: z.literal('delete'), keys: keyList, config: batchCallFlags }),
]);
export const endRoomAttributesBatchOperationSchema = z.object({
  roomID: roomIDSchema,
  config: setConfig,
  operations: z.array(attributesBatchOperationSchema).max(100, 'at most 100 operations in one batch'),
});

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'message must be bytes');
export const messageInputSchema = z.object({
  type: z.union(
    [
      z.literal(ZIMMessageType.Text),
      z.literal(ZIMMessageType.Command),
      z.literal(ZIMMessageType.Barrage),
      z.literal(ZIMMessageType.Custom),
    ],
    { error: 'type must be Text 1, Command 2, Barrage 20 or Custom 200' },
  ),
  message: z.union([z.string().max(WIRE_LIMITS.text), bytes], { error: 'message must be text or bytes' }),
  subType: z.number().int().optional(),
  extendedData: z.string().max(1024, 'extendedData must be at most 1024 bytes').optional().default(''),
  localMessageID: z.string().max(64, 'localMessageID must be at most 64 characters').optional().default(''),
});
export const sendMessageSchema = z.object({
  message: messageInputSchema,
  toConversationID: roomIDSchema,
  conversationType: z.literal(ZIMConversationType.Room, { error: 'only room messages (conversationType 1) are supported' }),
  config: z
    .object({
      priority: z.union([
        z.literal(ZIMMessagePriority.Low),
        z.literal(ZIMMessagePriority.Medium),
        z.literal(ZIMMessagePriority.High),
      ]),
    })
    .nullish()
    .transform((c) => c ?? { priority: ZIMMessagePriority.Medium }),
});
export const queryHistoryMessageSchema = z.object({
  conversationID: roomIDSchema,
  conversationType: z.literal(ZIMConversationType.Room, { error: 'only room history (conversationType 1) is supported' }),
  config: z.object({
    count: z.number().int().min(1, 'count must be 1…100').max(100, 'count must be 1…100'),
    nextMessage: z.looseObject({ messageID: z.string().max(32) }).nullish(),
    reverse: z.boolean().optional().default(false),
  }),
});
export const renewTokenSchema = z.object({ token: z.string().min(1).max(4096) });
export const resumeSessionSchema = z.object({
  rooms: z.array(z.object({ roomID: roomIDSchema })).max(100),
});

/** The handshake's `auth` object. */
export const handshakeAuthSchema = z.object({
  userID: userIDSchema,
  token: z.string().max(4096).optional(),
  userName: userNameSchema.optional().default(''),
  /** Client-chosen random ID of this session; reconnecting with it restores the session. */
  sessionID: z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
});

export type CreateRoomPayload = z.infer<typeof createRoomSchema>;
export type JoinRoomPayload = z.infer<typeof joinRoomSchema>;
export type SwitchRoomPayload = z.infer<typeof switchRoomSchema>;
export type QueryRoomMemberListPayload = z.infer<typeof queryRoomMemberListSchema>;
export type QueryRoomMembersPayload = z.infer<typeof queryRoomMembersSchema>;
export type SetRoomAttributesPayload = z.infer<typeof setRoomAttributesSchema>;
export type DeleteRoomAttributesPayload = z.infer<typeof deleteRoomAttributesSchema>;
export type AttributesBatchOperation = z.infer<typeof attributesBatchOperationSchema>;
export type EndRoomAttributesBatchOperationPayload = z.infer<typeof endRoomAttributesBatchOperationSchema>;
export type MessageInput = z.infer<typeof messageInputSchema>;
export type SendMessagePayload = z.infer<typeof sendMessageSchema>;
export type QueryHistoryMessagePayload = z.infer<typeof queryHistoryMessageSchema>;
export type ResumeSessionPayload = z.infer<typeof resumeSessionSchema>;
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;
export type RoomAdvancedConfig = z.infer<typeof roomAdvancedConfigSchema>;
export type RoomAttributesSetConfig = z.output<typeof setConfig>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; error: ZIMErrorInfo };

/** Parses a payload; a failure becomes a 6000001 error naming the first bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    error: { code: ZIMErrorCode.InvalidParameter, message: `Invalid parameter: ${where}${issue?.message ?? 'bad payload'}` },
  };
}
