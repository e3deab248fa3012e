/** POST: sign in to the operations page with the server secret; DELETE: sign out. */
import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { COOKIE, SESSION_SECONDS, closeSession, noteFailure, openSession, tooManyFailures } from '../_lib/ops-sessions';
import { fetchSnapshot } from '../_lib/realtime';

export const dynamic = 'force-dynamic';

const json = (status: number, body: unknown) =>
  NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function POST(request: NextRequest) {
  if (tooManyFailures()) return json(429, { message: 'Too many wrong secrets; wait a minute and try again' });
  const body = (await request.json().catch(() => null)) as { secret?: unknown } | null;
  const secret = typeof body?.secret === 'string' ? body.secret : '';
  if (secret === '' || secret.length > 1024)
    return json(400, { message: 'Type the server secret (CONVENE_SERVER_SECRET)' });
  // The realtime server is the judge: the secret is right when it answers with it.
  const checked = await fetchSnapshot(secret);
  if (!checked.ok) {
    if (checked.status === 401) noteFailure();
    return json(checked.status, { message: checked.message });
  }
  const jar = await cookies();
  jar.set(COOKIE, openSession(secret), {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https',
    path: '/api/ops',
    maxAge: SESSION_SECONDS,
  });
  return json(200, { ok: true });
}

export async function DELETE() {
  const jar = await cookies();
  closeSession(jar.get(COOKIE)?.value);
  jar.delete({ name: COOKIE, path: '/api/ops' });
  return json(200, { ok: true });
}
