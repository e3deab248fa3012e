'use client';

/**
 * /ops: asks once for the server secret (the app's backend keeps it; the browser only holds an
 * HTTP-only session cookie), then polls the live snapshot every two seconds.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpsSnapshot } from '@/lib/protocol/client';
import { BrandMark } from '@/components/app/brand';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { OpsDashboard } from './ops-dashboard';

const POLL_MS = 2000;

type View =
  { kind: 'checking' } | { kind: 'signedOut' } | { kind: 'live'; snapshot: OpsSnapshot; stale: string | null };

async function readMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return body?.message ?? `The app answered ${response.status}`;
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/ops/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret }),
      });
      if (response.ok) return onSignedIn();
      setError(await readMessage(response));
    } catch {
      setError('The app does not answer');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card className="w-full max-w-sm" aria-labelledby="ops-sign-in">
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4 p-6">
        <h2 id="ops-sign-in" className="text-base font-semibold">
          Operations sign-in
        </h2>
        <Field
          label="Server secret"
          type="password"
          name="secret"
          autoComplete="current-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          hint="The CONVENE_SERVER_SECRET the server was started with. It stays on the server; this browser only gets a session."
          required
        />
        <ErrorAlert title="Could not sign in" error={error ? { message: error } : null} />
        <Button type="submit" busy={busy} disabled={secret === ''}>
          Open the live view
        </Button>
      </form>
    </Card>
  );
}

export function OpsScreen() {
  const [view, setView] = useState<View>({ kind: 'checking' });

  const poll = useCallback(async () => {
    try {
      const response = await fetch('/api/ops/live', { cache: 'no-store' });
      if (response.status === 401) {
        // Drained, or the browser keeps the request open and the page never goes network-idle.
        await response.body?.cancel();
        return setView({ kind: 'signedOut' });
      }
      if (!response.ok) {
        const message = await readMessage(response);
        return setView((v) => (v.kind === 'live' ? { ...v, stale: message } : { kind: 'signedOut' }));
      }
      const snapshot = (await response.json()) as OpsSnapshot;
      setView({ kind: 'live', snapshot, stale: null });
    } catch {
      setView((v) => (v.kind === 'live' ? { ...v, stale: 'The app does not answer' } : v));
    }
  }, []);

  const live = view.kind === 'live';
  useEffect(() => {
    void poll();
    if (!live) return;
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll, live]);

  const signOut = async () => {
    await fetch('/api/ops/session', { method: 'DELETE' }).catch(() => undefined);
    setView({ kind: 'signedOut' });
  };

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-7xl flex-col gap-4 px-4 py-6">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <BrandMark className="size-9 shrink-0" />
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Operations</h1>
            <p className="text-sm text-slate-600">
              This Convene server, live: who is connected, which rooms are busy, what goes wrong.
            </p>
          </div>
        </div>
        {live && (
          <div className="flex items-center gap-3">
            <span className="text-xs text-slate-500" aria-live="polite">
              {view.stale ? `Not updating: ${view.stale}` : 'Updates every 2 seconds'}
            </span>
            <Button variant="secondary" size="sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </div>
        )}
      </header>
      {view.kind === 'checking' && (
        <div className="flex justify-center py-16">
          <Spinner label="Opening…" />
        </div>
      )}
      {view.kind === 'signedOut' && (
        <div className="flex justify-center py-10">
          <SignIn onSignedIn={() => void poll()} />
        </div>
      )}
      {view.kind === 'live' && <OpsDashboard snapshot={view.snapshot} />}
    </main>
  );
}
