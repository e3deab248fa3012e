/** zod schemas of the server API's requests (SPEC 12), built from the wire's own. */
import { z } from 'zod';
import {
  LIMITS,
  ZIMMessagePriority,
  checkMessagePriority,
  deleteRoomAttributesSchema,
  messageInputSchema,
  roomAdvancedConfigSchema,
  roomIDSchema,
  roomInfoSchema,
  setRoomAttributesSchema,
  userIDSchema,
} from '../../lib/protocol/index.ts';

/** Most users one kick names (ZIM's server API: 50). */
export const KICK_USERS_MAX = 50;
/** Longest kick reason, in characters (it travels in extendedData). */
export const KICK_REASON_MAX = 512;
/** The destroy delay of a room the server prepares when the request names none, in seconds. */
export const PREPARED_ROOM_DESTROY_DELAY_S = 600;

export { roomIDSchema };

export const pageQuerySchema = z.object({
  nextFlag: z.string().max(LIMITS.nextFlagLength, 'nextFlag is too long').default(''),
  count: z.coerce
    .number({ error: 'count must be a number' })
    .int('count must be a whole number')
    .min(LIMITS.pageCountMin, `count must be ${LIMITS.pageCountMin}…${LIMITS.pageCountMax}`)
    .max(LIMITS.pageCountMax, `count must be ${LIMITS.pageCountMin}…${LIMITS.pageCountMax}`)
    .default(LIMITS.pageCountMax),
});

export const createRoomBodySchema = z.object({
  roomInfo: roomInfoSchema,
  config: z
    .object({
      roomAttributes: roomAdvancedConfigSchema.shape.roomAttributes,
      roomDestroyDelayTime: roomAdvancedConfigSchema.shape.roomDestroyDelayTime
        .unwrap()
        .unwrap()
        .optional()
        .default(PREPARED_ROOM_DESTROY_DELAY_S),
    })
    .nullish()
    .transform((c) => c ?? { roomAttributes: {}, roomDestroyDelayTime: PREPARED_ROOM_DESTROY_DELAY_S }),
});

export const kickBodySchema = z.object({
  userIDs: z
    .array(userIDSchema, { error: 'userIDs must be an array of userIDs' })
    .min(1, 'userIDs must not be empty')
    .max(KICK_USERS_MAX, `at most ${KICK_USERS_MAX} userIDs`),
  reason: z
    .string({ error: 'reason must be a string' })
    .max(KICK_REASON_MAX, `reason must be at most ${KICK_REASON_MAX} characters`)
    .default(''),
});

export const attributesBodySchema = z
  .object({
    roomAttributes: setRoomAttributesSchema.shape.roomAttributes.default({}),
    delete: deleteRoomAttributesSchema.shape.keys.default([]),
  })
  .refine(
    (b) => Object.keys(b.roomAttributes).length + b.delete.length > 0,
    'give roomAttributes to set or keys to delete',
  );

export const messageBodySchema = z.object({
  message: messageInputSchema.omit({ localMessageID: true }),
  priority: z
    .custom<(typeof ZIMMessagePriority)[keyof typeof ZIMMessagePriority]>()
    .superRefine((value, ctx) => {
      const problem = checkMessagePriority(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .default(ZIMMessagePriority.Medium),
});
