/** PUT /api/host/rooms/:roomID/topic { topic } — the host sets what the class is about. */
import { z } from 'zod';
import { TOPIC_KEY, TOPIC_MAX_LENGTH } from '@/lib/classroom/class-keys';
import { hostRoute } from '@/lib/classroom/host-route';
import { HttpError, jsonBody } from '@/lib/classroom/http-error';

export const dynamic = 'force-dynamic';

const topicSchema = z.object({ topic: z.string().trim().min(1, 'The topic is empty').max(TOPIC_MAX_LENGTH) });

export const PUT = hostRoute(async ({ request, api, roomID }) => {
  const body = topicSchema.safeParse(await jsonBody(request));
  if (!body.success) throw new HttpError(400, `Invalid topic: ${body.error.issues[0]?.message ?? ''}`);
  await api.setAttributes(roomID, { [TOPIC_KEY]: body.data.topic });
  return { ok: true };
});
