/** GET /api/host/config: what the host controls offer here (the demo class only in demo mode). */
import { readAppEnv } from '@/lib/classroom/app-env';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  const env = readAppEnv();
  return Response.json({ demoClass: env.demoMode }, { headers: { 'cache-control': 'no-store' } });
}
