'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Field } from '@/components/ui/field';
import { useAsyncAction } from '@/components/ui/use-async-action';
import { checkUserID, checkUserName } from '@/lib/protocol/client';
import { useCommands, useConvene } from '@/lib/store/store-provider';
import { BrandMark } from './brand';

export function SignInScreen() {
  const sessionStatus = useConvene((s) => s.sessionStatus);
  const sessionError = useConvene((s) => s.sessionError);
  const hasRooms = useConvene((s) => s.roomOrder.length > 0);
  const commands = useCommands();
  const router = useRouter();
  const signIn = useAsyncAction();
  const [userID, setUserID] = useState('');
  const [userName, setUserName] = useState('');
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (sessionStatus === 'signedIn') router.replace(hasRooms ? '/rooms' : '/lobby');
  }, [sessionStatus, hasRooms, router]);

  const userIDError = touched ? (checkUserID(userID) ?? null) : null;
  const userNameError = touched ? (checkUserName(userName) ?? null) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const name = userName.trim();
    if (checkUserID(userID) || checkUserName(name) || !commands) return;
    void signIn.run(() => commands.signIn({ userID, userName: name || userID }));
  };

  // Before mount ('unknown') the form is rendered, disabled, so the first paint is the real screen.
  const waiting = sessionStatus === 'restoring' || sessionStatus === 'signedIn';

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="mb-8 flex flex-col items-center gap-3 text-center">
        <BrandMark className="size-12" />
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Convene</h1>
        <p className="max-w-sm text-sm text-slate-600">
          Rooms for classes, meetings and events — who is here, what is said, as it happens.
        </p>
      </div>
      <Card className="w-full max-w-sm" aria-labelledby="sign-in-title">
        {waiting ? (
          <div className="flex justify-center px-6 py-10">
            <Spinner label={sessionStatus === 'signedIn' ? 'Signed in, opening…' : 'Restoring your session…'} />
          </div>
        ) : (
          <form noValidate onSubmit={submit} className="flex flex-col gap-4 p-6">
            <h2 id="sign-in-title" className="text-base font-semibold">
              Sign in
            </h2>
            <Field
              label="User ID"
              name="userID"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={userID}
              onChange={(e) => setUserID(e.target.value)}
              hint={
                <>
                  Up to 32 characters: letters, digits and{' '}
                  <span className="font-mono break-all">!#$%&amp;()+-:;&lt;=.&gt;?@[]^_{'{}'}|~</span>
                </>
              }
              error={userIDError}
              required
            />
            <Field
              label="Display name"
              name="userName"
              autoComplete="nickname"
              value={userName}
              onChange={(e) => setUserName(e.target.value)}
              hint="What others see. Leave empty to use your user ID."
              error={userNameError}
            />
            <ErrorAlert title="Could not sign in" error={signIn.error ?? sessionError} />
            <Button type="submit" busy={signIn.busy} disabled={!commands}>
              Sign in
            </Button>
            <p className="text-xs text-slate-500">
              Demo mode: the server issues your token. Your session lasts until you close this tab.
            </p>
          </form>
        )}
      </Card>
    </main>
  );
}
