/** The realtime server's own HTTP answers, beside the demo token (auth.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('GET /api/limits', () => {
  let srv: TestServer;
  beforeAll(
    async () => void (srv = await startServer({ maxRoomsPerUser: 3, historySize: 50, maxDestroyDelaySeconds: 600 })),
  );
  afterAll(() => srv.close());

  it("answers the server's own limits, so the web app shows them instead of the defaults", async () => {
    const response = await fetch(`${srv.url}/api/limits`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      maxRoomsPerUser: 3,
      maxMembersPerRoom: 6000,
      maxDestroyDelaySeconds: 600,
      historySize: 50,
      initialMemberListSize: 500,
    });
  });

  it('any other path without a web app is a 404 with a JSON message', async () => {
    const response = await fetch(`${srv.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'Not found' });
  });
});

describe('GET /healthz', () => {
  let srv: TestServer;
  beforeAll(async () => void (srv = await startServer({ nodeID: 'node-a' })));
  afterAll(() => srv.close());

  it('names the node and its store (memory unless the run asks for Redis), reachable', async () => {
    const response = await fetch(`${srv.url}/healthz`);
    expect(response.status).toBe(200);
    const store = process.env.CONVENE_TEST_STORE === 'redis' ? 'redis' : 'memory';
    expect(await response.json()).toEqual({ ok: true, nodeID: 'node-a', store, storeReachable: true });
    expect(srv.server.nodeID).toBe('node-a');
  });
});

describe('malformed HTTP requests', () => {
  let srv: TestServer;
  beforeAll(async () => void (srv = await startServer()));
  afterAll(() => srv.close());

  it('a request target that is not a URL (`//[`) gets an answer, and the server stays up', async () => {
    const { port } = new URL(srv.url);
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.end('GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 (400|404)/);
    const health = await fetch(`${srv.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});
