/**
 * POST /api/host/rooms/:roomID/simulated-students { count } — demo mode only: the host fills the
 * class with simulated students, SDK sessions run by this server process.
 */
import { z } from 'zod';
import { SIMULATED_MAX, SIMULATED_MIN } from '@/lib/classroom/class-keys';
import { hostRoute } from '@/lib/classroom/host-route';
import { HttpError, jsonBody } from '@/lib/classroom/http-error';
import { simulatedClasses } from '@/lib/classroom/simulated-class';

export const dynamic = 'force-dynamic';

const countSchema = z.object({ count: z.number().int().min(SIMULATED_MIN).max(SIMULATED_MAX) });

export const POST = hostRoute(async ({ request, env, roomID, hostID }) => {
  if (!env.demoMode) throw new HttpError(404, 'Simulated students exist only in demo mode');
  const body = countSchema.safeParse(await jsonBody(request));
  if (!body.success) throw new HttpError(400, `Ask for ${SIMULATED_MIN} to ${SIMULATED_MAX} students`);
  const added = await simulatedClasses().add(env.serverURL, roomID, hostID, body.data.count);
  return { added };
});
