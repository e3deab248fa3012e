/**
 * DELETE /api/host/rooms/:roomID { hostName? } — the host ends the class: the class is told, then
 * the room is destroyed for everyone.
 */
import { announcement } from '@/lib/classroom/announcements';
import { hostRoute } from '@/lib/classroom/host-route';

export const dynamic = 'force-dynamic';

export const DELETE = hostRoute(async ({ request, api, roomID, hostID }) => {
  const hostName = new URL(request.url).searchParams.get('hostName')?.trim().slice(0, 64);
  await api.announce(roomID, announcement.ended(hostName || hostID));
  await api.destroy(roomID);
  return { ok: true };
});
