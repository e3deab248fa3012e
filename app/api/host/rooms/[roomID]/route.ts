/** DELETE /api/host/rooms/:roomID — the host ends the class: the room is destroyed for everyone. */
import { hostRoute } from '@/lib/classroom/host-route';

export const dynamic = 'force-dynamic';

export const DELETE = hostRoute(async ({ api, roomID }) => {
  await api.destroy(roomID);
  return { ok: true };
});
