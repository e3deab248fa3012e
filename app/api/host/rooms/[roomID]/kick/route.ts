/**
 * POST /api/host/rooms/:roomID/kick { userID, reason, userName?, hostName? } — the host removes a
 * member. The class is told by name, as a message from the server ("Ms. Rivera removed Bob: …");
 * the names are the host's page's own (display names, used for nothing else).
 */
import { z } from 'zod';
import { REASON_MAX_LENGTH } from '@/lib/classroom/class-keys';
import { announcement } from '@/lib/classroom/announcements';
import { hostRoute } from '@/lib/classroom/host-route';
import { HttpError, jsonBody } from '@/lib/classroom/http-error';

export const dynamic = 'force-dynamic';

const name = z.string().trim().max(64).optional();
const kickSchema = z.object({
  userID: z.string().min(1).max(32),
  reason: z.string().trim().max(REASON_MAX_LENGTH).default(''),
  userName: name,
  hostName: name,
});

export const POST = hostRoute(async ({ request, api, roomID, hostID }) => {
  const body = kickSchema.safeParse(await jsonBody(request));
  if (!body.success) throw new HttpError(400, `Invalid request: ${body.error.issues[0]?.message ?? ''}`);
  const { userID, reason, userName, hostName } = body.data;
  if (userID === hostID) throw new HttpError(400, 'The host cannot remove themselves; end the class instead');
  const kicked = await api.kick(roomID, [userID], reason);
  if (!kicked.includes(userID)) throw new HttpError(404, `${userName || userID} is not in this class`);
  await api.announce(roomID, announcement.removed(hostName || hostID, userName || userID, reason));
  return { ok: true };
});
