/**
 * The environment the app's own backend (Next route handlers under app/api/host) reads. In the
 * one-process app, server/index.ts fills these in before Next starts, so host controls work out of
 * the box; an app whose backend runs elsewhere sets them itself.
 */
export const APP_ENV = {
  /** HS256 secret of Convene tokens: the handlers check the caller's token with it. */
  tokenSecret: 'CONVENE_TOKEN_SECRET',
  /** Bearer secret of the realtime server's API (SPEC 12); never sent to a browser. */
  serverSecret: 'CONVENE_SERVER_SECRET',
  /** Where the handlers reach the realtime server, e.g. http://127.0.0.1:3000. */
  serverURL: 'CONVENE_SERVER_URL',
  /** Demo mode (demo tokens); the demo class with simulated students is on only then. */
  demoTokens: 'CONVENE_DEMO_TOKENS',
} as const;

export interface AppEnv {
  tokenSecret: string;
  serverSecret: string;
  serverURL: string;
  demoMode: boolean;
}

/** Reads the settings at call time (the one-process app may set the URL once it listens). */
export function readAppEnv(env: Record<string, string | undefined> = process.env): AppEnv {
  const demo = env[APP_ENV.demoTokens];
  return {
    tokenSecret: env[APP_ENV.tokenSecret] ?? '',
    serverSecret: env[APP_ENV.serverSecret] ?? '',
    serverURL: (env[APP_ENV.serverURL] ?? '').replace(/\/+$/, ''),
    // Same reading as the server's config: as set, else on only without a token secret.
    demoMode: demo === undefined || demo === '' ? !env[APP_ENV.tokenSecret] : !/^(0|false|no|off)$/i.test(demo),
  };
}
