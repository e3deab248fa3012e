/**
 * zod schemas for every client→server payload. The server parses each payload with these before
 * anything reaches the room core. The rules a client checks too (IDs, names, counts, message
 * types…) live in rules.ts, free of zod, and are applied here, so each is written once: the SDK
 * checks its arguments with rules.ts alone and ships no schema library to the browser.
 * Shape and format errors are 6000001; limits with a code of their own (attributes, room counts)
 * are checked by the room core so they get that code.
 */
import { z } from 'zod';
import { ZIMConversationType, ZIMMessagePriority } from './enums.ts';
import { ZIMErrorCode, type ZIMErrorInfo } from './errors.ts';
import {
  LIMITS,
  MEMBER_ATTRIBUTES_SHAPE,
  ROOM_ATTRIBUTES_SHAPE,
  WIRE_LIMITS,
  checkBatchOperationCount,
  checkMemberAttributes,
  checkMemberAttributesUserIDs,
  checkExtendedData,
  checkHistoryConversationType,
  checkLocalMessageID,
  checkMessageContent,
  checkMessageConversationType,
  checkMessagePriority,
  checkMessageSubType,
  checkMessageType,
  checkPageCount,
  checkRoomAttributes,
  checkRoomDestroyDelayTime,
  checkRoomID,
  checkRoomName,
  checkToken,
  checkUserID,
  checkUserName,
  invalidParameterMessage,
  type MESSAGE_PRIORITIES,
  type RoomMessageType,
  type Rule,
} from './rules.ts';
import type { ZIMMessageContent } from './types.ts';

/** Adds one of rules.ts's rules to a schema: a broken rule is an issue with the rule's message. */
const applying =
  (rule: Rule) =>
  (value: unknown, ctx: z.RefinementCtx): void => {
    const message = rule(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  };

/** A value of type T that is valid when it keeps the rule (which checks its type too). */
const ruled = <T>(rule: Rule) => z.custom<T>().superRefine(applying(rule));

export const userIDSchema = ruled<string>(checkUserID);
export const userNameSchema = ruled<string>(checkUserName);
export const roomIDSchema = ruled<string>(checkRoomID);
export const roomNameSchema = ruled<string>(checkRoomName);

export const roomInfoSchema = z.object({
  roomID: roomIDSchema,
  roomName: roomNameSchema.optional().default(''),
});

/** zod copies the map (own `__proto__` keys are no data); the shared rule holds its limits. */
const attributeMap = z
  .record(z.string(), z.string(), { error: ROOM_ATTRIBUTES_SHAPE })
  .superRefine(applying(checkRoomAttributes));

export const roomAdvancedConfigSchema = z.object({
  roomAttributes: attributeMap.optional().default({}),
  roomDestroyDelayTime: ruled<number>(checkRoomDestroyDelayTime).optional().default(0),
});

const optionalConfig = roomAdvancedConfigSchema
  .nullish()
  .transform((c) => c ?? { roomAttributes: {}, roomDestroyDelayTime: 0 });

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
export const emptySchema = z.strictObject({}, { error: 'this call takes an empty object' }).nullish();

export const queryRoomMemberListSchema = z.object({
  roomID: roomIDSchema,
  config: z.object({
    nextFlag: z.string().max(LIMITS.nextFlagLength).optional().default(''),
    count: ruled<number>(checkPageCount),
  }),
});
export const queryRoomMembersSchema = z.object({
  roomID: roomIDSchema,
  userIDs: z
    .array(userIDSchema)
    .min(1, 'userIDs must not be empty')
    .max(LIMITS.queryUserIDsMax, `at most ${LIMITS.queryUserIDsMax} userIDs`),
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
  .object({
    isForce: z.boolean().optional(),
    isDeleteAfterOwnerLeft: z.boolean().optional(),
    isUpdateOwner: z.boolean().optional(),
  })
  .nullish()
  .transform((c) => c ?? {});
export const attributesBatchOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), roomAttributes: attributeMap, config: batchCallFlags }),
  z.object({ op: z.literal('delete'), keys: keyList, config: batchCallFlags }),
]);
export const endRoomAttributesBatchOperationSchema = z.object({
  roomID: roomIDSchema,
  config: setConfig,
  operations: z.array(attributesBatchOperationSchema).superRefine(applying(checkBatchOperationCount)),
});

/** Member attributes (SPEC 6b): 1…100 userIDs each; the limits with codes of their own are the core's. */
const memberAttributeMap = z
  .record(z.string(), z.string(), { error: MEMBER_ATTRIBUTES_SHAPE })
  .superRefine(applying(checkMemberAttributes));
const memberUserIDs = z.array(userIDSchema).superRefine(applying(checkMemberAttributesUserIDs));
export const setRoomMembersAttributesSchema = z.object({
  roomID: roomIDSchema,
  attributes: memberAttributeMap,
  userIDs: memberUserIDs,
  config: z
    .object({ isDeleteAfterOwnerLeft: z.boolean().optional().default(true) })
    .nullish()
    .transform((c) => c ?? { isDeleteAfterOwnerLeft: true }),
});
export const queryRoomMembersAttributesSchema = z.object({ roomID: roomIDSchema, userIDs: memberUserIDs });
export const queryRoomMemberAttributesListSchema = queryRoomMemberListSchema;

export const messageInputSchema = z.object({
  type: ruled<RoomMessageType>(checkMessageType),
  message: ruled<ZIMMessageContent>(checkMessageContent),
  subType: ruled<number>(checkMessageSubType).optional(),
  extendedData: ruled<string>(checkExtendedData).optional().default(''),
  localMessageID: ruled<string>(checkLocalMessageID).optional().default(''),
});
export const sendMessageSchema = z.object({
  message: messageInputSchema,
  toConversationID: roomIDSchema,
  conversationType: ruled<typeof ZIMConversationType.Room>(checkMessageConversationType),
  config: z
    .object({ priority: ruled<(typeof MESSAGE_PRIORITIES)[number]>(checkMessagePriority) })
    .nullish()
    .transform((c) => c ?? { priority: ZIMMessagePriority.Medium }),
});
export const queryHistoryMessageSchema = z.object({
  conversationID: roomIDSchema,
  conversationType: ruled<typeof ZIMConversationType.Room>(checkHistoryConversationType),
  config: z.object({
    count: ruled<number>(checkPageCount),
    nextMessage: z.looseObject({ messageID: z.string().max(LIMITS.messageIDLength).optional() }).nullish(),
    reverse: z.boolean().optional().default(false),
  }),
});
export const renewTokenSchema = z.object({ token: ruled<string>(checkToken) });
export const resumeSessionSchema = z.object({
  rooms: z
    .array(
      z.object({
        roomID: roomIDSchema,
        lastMessageID: z
          .string()
          .max(LIMITS.messageIDLength)
          .regex(/^\d+$/, 'lastMessageID must be a messageID')
          .optional(),
      }),
    )
    .max(LIMITS.resumeRoomsMax),
});

/** The handshake's `auth` object. */
export const handshakeAuthSchema = z.object({
  userID: userIDSchema,
  token: z.string().max(LIMITS.tokenLength).optional(),
  userName: userNameSchema.optional().default(''),
  /** Client-chosen random ID of this session; reconnecting with it restores the session. */
  sessionID: z
    .string()
    .min(16)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
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
export type SetRoomMembersAttributesPayload = z.infer<typeof setRoomMembersAttributesSchema>;
export type QueryRoomMembersAttributesPayload = z.infer<typeof queryRoomMembersAttributesSchema>;
export type QueryRoomMemberAttributesListPayload = z.infer<typeof queryRoomMemberAttributesListSchema>;
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
  return {
    ok: false,
    error: {
      code: ZIMErrorCode.InvalidParameter,
      message: invalidParameterMessage(issue?.path ?? [], issue?.message ?? 'bad payload'),
    },
  };
}
