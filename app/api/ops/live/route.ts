/** GET: the operations snapshot for a signed-in operations session (401 otherwise). */
import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { COOKIE, closeSession, sessionSecret } from '../_lib/ops-sessions';
import { fetchSnapshot } from '../_lib/realtime';

export const dynamic = 'force-dynamic';

export async function GET() {
  const jar = await cookies();
  const id = jar.get(COOKIE)?.value;
  const secret = sessionSecret(id);
  const headers = { 'cache-control': 'no-store' };
  if (!secret) return NextResponse.json({ message: 'Sign in with the server secret' }, { status: 401, headers });
  const fetched = await fetchSnapshot(secret);
  if (fetched.ok) return NextResponse.json(fetched.snapshot, { headers });
  // The server's secret changed since this sign-in: the session is worth nothing any more.
  if (fetched.status === 401) closeSession(id);
  return NextResponse.json({ message: fetched.message }, { status: fetched.status, headers });
}
