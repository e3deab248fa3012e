/** What the one-process app hands its backend (server/app-env.ts, lib/classroom/app-env.ts). */
import { describe, expect, it } from 'vitest';
import { readAppEnv } from '../../lib/classroom/app-env.ts';
import { ownURL, prepareAppEnv } from '../../server/app-env.ts';
import { loadConfig } from '../../server/config.ts';

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
    const env: Record<string, string | undefined> = {
      CONVENE_TOKEN_SECRET: 't',
      CONVENE_SERVER_SECRET: 's',
      CONVENE_SERVER_URL: 'http://rt.internal:4000/',
      CONVENE_DEMO_TOKENS: 'off',
    };
    prepareAppEnv(env, '0.0.0.0', 3000).listening(3001);
    expect(readAppEnv(env)).toEqual({
      tokenSecret: 't',
      serverSecret: 's',
      serverURL: 'http://rt.internal:4000',
      demoMode: false,
    });
  });

  it("an operator's token secret turns demo mode off in the app as in the server, unless demo mode is asked for", () => {
    const secret = 'x'.repeat(32);
    const production: Record<string, string | undefined> = { CONVENE_TOKEN_SECRET: secret };
    prepareAppEnv(production, '127.0.0.1', 3000);
    expect(readAppEnv(production).demoMode).toBe(false);
    expect(loadConfig(production).demoTokens).toBe(false);
    const asked: Record<string, string | undefined> = { CONVENE_TOKEN_SECRET: secret, CONVENE_DEMO_TOKENS: 'on' };
    prepareAppEnv(asked, '127.0.0.1', 3000);
    expect(readAppEnv(asked).demoMode).toBe(true);
    expect(loadConfig(asked).demoTokens).toBe(true);
    // The secret prepareAppEnv makes for the embedded run keeps demo mode on for both halves.
    const embedded: Record<string, string | undefined> = {};
    prepareAppEnv(embedded, '127.0.0.1', 3000);
    expect(loadConfig(embedded).demoTokens).toBe(true);
  });

  it('reaches itself on loopback when listening on every address, and learns a port chosen at listen', () => {
    const env: Record<string, string | undefined> = {};
    prepareAppEnv(env, '0.0.0.0', 0).listening(43210);
    expect(env.CONVENE_SERVER_URL).toBe('http://127.0.0.1:43210');
    expect(ownURL('::1', 80)).toBe('http://[::1]:80');
  });
});
