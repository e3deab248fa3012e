/** What the one-process app hands its backend (server/app-env.ts, lib/classroom/app-env.ts). */
import { describe, expect, it } from 'vitest';
import { readAppEnv } from '../../lib/classroom/app-env.ts';
import { ownURL, prepareAppEnv } from '../../server/app-env.ts';

describe('prepareAppEnv', () => {
  it('makes a token secret and a server secret when none is set, so both halves share them', () => {
    const env: Record<string, string | undefined> = {};
    prepareAppEnv(env, '127.0.0.1', 3000);
    expect(env.CONVENE_TOKEN_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(env.CONVENE_SERVER_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(env.CONVENE_SERVER_SECRET).not.toBe(env.CONVENE_TOKEN_SECRET);
    expect(readAppEnv(env)).toEqual({
      tokenSecret: env.CONVENE_TOKEN_SECRET,
      serverSecret: env.CONVENE_SERVER_SECRET,
      serverURL: 'http://127.0.0.1:3000',
      demoMode: true,
    });
  });

  it('keeps what the operator set', () => {
    const env: Record<string, string | undefined> = { CONVENE_TOKEN_SECRET: 't', CONVENE_SERVER_SECRET: 's', CONVENE_SERVER_URL: 'http://rt.internal:4000/', CONVENE_DEMO_TOKENS: 'off' };
    prepareAppEnv(env, '0.0.0.0', 3000).listening(3001);
    expect(readAppEnv(env)).toEqual({ tokenSecret: 't', serverSecret: 's', serverURL: 'http://rt.internal:4000', demoMode: false });
  });

  it('reaches itself on loopback when listening on every address, and learns a port chosen at listen', () => {
    const env: Record<string, string | undefined> = {};
    prepareAppEnv(env, '0.0.0.0', 0).listening(43210);
    expect(env.CONVENE_SERVER_URL).toBe('http://127.0.0.1:43210');
    expect(ownURL('::1', 80)).toBe('http://[::1]:80');
  });
});
