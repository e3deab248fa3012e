/** POST /api/host/rooms/:roomID/kick { userID, reason } — the host removes a member. */
import { z } from 'zod';
import { REASON_MAX_LENGTH } from '@/lib/classroom/class-keys';
import { hostRoute } from '@/lib/classroom/host-route';
import { HttpError, jsonBody } from '@/lib/classroom/http-error';

export const dynamic = 'force-dynamic';

const kickSchema = z.object({
  userID: z.string().min(1).max(32),
  reason: z.string().trim().max(REASON_MAX_LENGTH).default(''),
});

export const POST = hostRoute(async ({ request, api, roomID, hostID }) => {
  const body = kickSchema.safeParse(await jsonBody(request));
  if (!body.success) throw new HttpError(400, `Invalid request: ${body.error.issues[0]?.message ?? ''}`);
  if (body.data.userID === hostID) throw new HttpError(400, 'The host cannot remove themselves; end the class instead');
  await api.kick(roomID, [body.data.userID], body.data.reason);
  return { ok: true };
});
