import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientPool, failCode, roomInfo } from '../helpers/clients.ts';
import { settle, type RawClient } from '../helpers/raw-client.ts';
import { startServer, uniqueID, type TestServer } from '../helpers/server.ts';

const Set_ = 0;
const Delete = 1;

let server: TestServer;
const pool = clientPool(() => server.url);
beforeAll(async () => void (server = await startServer({ memberBatchWindowMs: 100 })));
afterEach(() => pool.closeAll());
afterAll(() => server.close());

/** A room created by A (with `attrs`) that B has joined. */
async function twoInRoom(attrs: Record<string, string> = {}) {
  const [a, b] = await Promise.all([pool.connect('a'), pool.connect('b')]);
  const roomID = uniqueID('room');
  await a.ok('createRoom', { ...roomInfo(roomID), config: { roomAttributes: attrs } });
  await b.ok('joinRoom', { roomID });
  return { a, b, roomID };
}

const query = async (c: RawClient, roomID: string) => (await c.ok('queryRoomAllAttributes', { roomID })).roomAttributes;
const set = (c: RawClient, roomID: string, roomAttributes: Record<string, string>, config?: object) =>
  c.call('setRoomAttributes', { roomID, roomAttributes, config });
const updates = (c: RawClient) => c.of('roomAttributesUpdated');

describe('room attributes', () => {
  it('config.roomAttributes sets them at creation; a session entering gets the current attributes in its ack', async () => {
    const [a, b] = await Promise.all([pool.connect('a'), pool.connect('b')]);
    const roomID = uniqueID('room');
    const created = await a.ok('createRoom', { ...roomInfo(roomID), config: { roomAttributes: { topic: 'math' } } });
    expect(created.roomAttributes).toEqual({ topic: 'math' });
    await a.ok('setRoomAttributes', { roomID, roomAttributes: { board: 'on' } });
    const joined = await b.ok('joinRoom', { roomID });
    expect(joined.roomAttributes).toEqual({ topic: 'math', board: 'on' });
    expect(await query(b, roomID)).toEqual({ topic: 'math', board: 'on' });
  });

  it('a set reaches every member, the setter included, as roomAttributesUpdated with action Set', async () => {
    const { a, b, roomID } = await twoInRoom();
    expect((await set(a, roomID, { k: 'v' })).ok).toBe(true);
    for (const c of [a, b]) {
      expect(await c.waitFor('roomAttributesUpdated')).toEqual({
        roomID,
        infos: [{ action: Set_, roomAttributes: { k: 'v' } }],
      });
    }
  });

  it('limits: the 21st key fails 6000334, a key over 16 bytes 6000335, a value over 1024 bytes 6000336; nothing changes', async () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v']));
    const { a, b, roomID } = await twoInRoom(twenty);
    expect(await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { k20: 'v' } })).toBe(6000334);
    expect(
      await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { k0: 'new', ['k'.repeat(17)]: 'v' } }),
    ).toBe(6000335);
    expect(await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { ['é'.repeat(9)]: 'v' } })).toBe(6000335);
    expect(
      await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { k1: 'new', k2: 'x'.repeat(1025) } }),
    ).toBe(6000336);
    expect(await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { k2: 'é'.repeat(513) } })).toBe(6000336);
    expect(await query(a, roomID)).toEqual(twenty);
    await settle();
    expect([...updates(a), ...updates(b)]).toEqual([]);
  });

  it('limits: values totalling over 5120 bytes fail 6000337 and nothing changes', async () => {
    const full = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, 'x'.repeat(1024)]));
    const { a, b, roomID } = await twoInRoom(full);
    expect(await failCode(a, 'setRoomAttributes', { roomID, roomAttributes: { small: 'ok', f: 'y' } })).toBe(6000337);
    expect(await failCode(b, 'setRoomAttributes', { roomID, roomAttributes: { a: 'x'.repeat(1025) } })).toBe(6000336);
    expect(await query(b, roomID)).toEqual(full);
    await settle();
    expect(updates(b)).toEqual([]);
  });

  it("another user's key changes only with isForce: without it the key is in errorKeys, unchanged and not pushed", async () => {
    const { a, b, roomID } = await twoInRoom();
    await a.ok('setRoomAttributes', { roomID, roomAttributes: { owned: 'A' } });
    await a.waitFor('roomAttributesUpdated');
    const refused = await b.ok('setRoomAttributes', { roomID, roomAttributes: { owned: 'B', mine: 'b' } });
    expect(refused).toEqual({ roomID, errorKeys: ['owned'] });
    const pushed = await a.waitFor('roomAttributesUpdated', (d) => 'mine' in d.infos[0]!.roomAttributes);
    expect(pushed.infos).toEqual([{ action: Set_, roomAttributes: { mine: 'b' } }]);
    expect(await b.ok('deleteRoomAttributes', { roomID, keys: ['owned'] })).toEqual({ roomID, errorKeys: ['owned'] });
    expect(await query(a, roomID)).toEqual({ owned: 'A', mine: 'b' });
    expect(
      await b.ok('setRoomAttributes', { roomID, roomAttributes: { owned: 'B' }, config: { isForce: true } }),
    ).toEqual({
      roomID,
      errorKeys: [],
    });
    expect(
      (await a.waitFor('roomAttributesUpdated', (d) => d.infos[0]!.roomAttributes.owned === 'B')).infos,
    ).toHaveLength(1);
    // isForce alone does not take the key: A still changes it without force.
    expect((await a.ok('setRoomAttributes', { roomID, roomAttributes: { owned: 'A2' } })).errorKeys).toEqual([]);
    expect(
      (await b.ok('deleteRoomAttributes', { roomID, keys: ['owned'], config: { isForce: true } })).errorKeys,
    ).toEqual([]);
    const deleted = await a.waitFor('roomAttributesUpdated', (d) => d.infos[0]!.action === Delete);
    expect(Object.keys(deleted.infos[0]!.roomAttributes)).toEqual(['owned']);
    expect(await query(a, roomID)).toEqual({ mine: 'b' });
  });

  it('isUpdateOwner makes the caller the owner of the key', async () => {
    const { a, b, roomID } = await twoInRoom({ k: 'A' });
    await b.ok('setRoomAttributes', {
      roomID,
      roomAttributes: { k: 'B' },
      config: { isForce: true, isUpdateOwner: true },
    });
    expect(await a.ok('setRoomAttributes', { roomID, roomAttributes: { k: 'A again' } })).toEqual({
      roomID,
      errorKeys: ['k'],
    });
    expect(await b.ok('setRoomAttributes', { roomID, roomAttributes: { k: 'B again' } })).toEqual({
      roomID,
      errorKeys: [],
    });
    expect(await query(a, roomID)).toEqual({ k: 'B again' });
  });

  it('isDeleteAfterOwnerLeft deletes the key when its owner leaves; others get action Delete', async () => {
    const { a, b, roomID } = await twoInRoom();
    await b.ok('setRoomAttributes', {
      roomID,
      roomAttributes: { hand: 'up' },
      config: { isDeleteAfterOwnerLeft: true },
    });
    await b.ok('setRoomAttributes', { roomID, roomAttributes: { note: 'stays' } });
    await b.ok('leaveRoom', { roomID });
    const deleted = await a.waitFor('roomAttributesUpdated', (d) => d.infos[0]!.action === Delete);
    expect(deleted.roomID).toBe(roomID);
    expect(Object.keys(deleted.infos[0]!.roomAttributes)).toEqual(['hand']);
    expect(await query(a, roomID)).toEqual({ note: 'stays' });
  });

  it('deleting a missing key reports it in errorKeys and pushes nothing', async () => {
    const { a, b, roomID } = await twoInRoom({ k: 'v' });
    expect(await a.ok('deleteRoomAttributes', { roomID, keys: ['nope'] })).toEqual({ roomID, errorKeys: ['nope'] });
    await settle();
    expect(updates(b)).toEqual([]);
    expect(await query(a, roomID)).toEqual({ k: 'v' });
  });

  it('a batch (end…BatchOperation) applies as one change: exactly one roomAttributesBatchUpdated with Set and Delete infos', async () => {
    const { a, b, roomID } = await twoInRoom({ old: 'x' });
    const operations = [
      { op: 'set', roomAttributes: { one: '1', two: '2' } },
      { op: 'delete', keys: ['old'] },
    ];
    expect(await a.ok('endRoomAttributesBatchOperation', { roomID, operations })).toEqual({ roomID, errorKeys: [] });
    const batch = await b.waitFor('roomAttributesBatchUpdated');
    expect(batch.roomID).toBe(roomID);
    expect(batch.infos).toHaveLength(2);
    expect(batch.infos[0]).toEqual({ action: Set_, roomAttributes: { one: '1', two: '2' } });
    expect(batch.infos[1]!.action).toBe(Delete);
    expect(Object.keys(batch.infos[1]!.roomAttributes)).toEqual(['old']);
    await settle();
    expect(b.of('roomAttributesBatchUpdated')).toHaveLength(1);
    expect(updates(b)).toEqual([]);
    expect(await query(b, roomID)).toEqual({ one: '1', two: '2' });
  });

  it('a batch that breaks a limit changes nothing and pushes nothing', async () => {
    const nineteen = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'v']));
    const { a, b, roomID } = await twoInRoom(nineteen);
    const operations = [
      { op: 'delete', keys: ['k0'] },
      { op: 'set', roomAttributes: { n1: '1', n2: '2' } },
      { op: 'set', roomAttributes: { n3: '3' } },
    ];
    expect(await failCode(a, 'endRoomAttributesBatchOperation', { roomID, operations })).toBe(6000334);
    const badKey = [
      { op: 'set', roomAttributes: { fine: '1' } },
      { op: 'set', roomAttributes: { ['k'.repeat(17)]: '1' } },
    ];
    expect(await failCode(a, 'endRoomAttributesBatchOperation', { roomID, operations: badKey })).toBe(6000335);
    expect(await query(b, roomID)).toEqual(nineteen);
    await settle();
    expect([...b.of('roomAttributesBatchUpdated'), ...updates(b)]).toEqual([]);
  });

  it("the batch's isForce applies to a set in it that gave no config of its own", async () => {
    const { a, b, roomID } = await twoInRoom({ k: 'A' });
    const operations = [{ op: 'set', roomAttributes: { k: 'B' } }];
    const result = await b.ok('endRoomAttributesBatchOperation', { roomID, config: { isForce: true }, operations });
    expect(result).toEqual({ roomID, errorKeys: [] });
    expect(await query(a, roomID)).toEqual({ k: 'B' });
  });

  it('queryRoomAllAttributes returns every key and value', async () => {
    const { a, roomID } = await twoInRoom({ x: '1' });
    await a.ok('setRoomAttributes', { roomID, roomAttributes: { y: '2', z: '' } });
    expect(await a.ok('queryRoomAllAttributes', { roomID })).toEqual({
      roomID,
      roomAttributes: { x: '1', y: '2', z: '' },
    });
  });

  it('non-members cannot set, delete, batch or query attributes (6000321)', async () => {
    const { roomID } = await twoInRoom({ k: 'v' });
    const outsider = await pool.connect('outsider');
    expect(
      await failCode(outsider, 'setRoomAttributes', { roomID, roomAttributes: { k: 'x' }, config: { isForce: true } }),
    ).toBe(6000321);
    expect(await failCode(outsider, 'deleteRoomAttributes', { roomID, keys: ['k'], config: { isForce: true } })).toBe(
      6000321,
    );
    expect(await failCode(outsider, 'endRoomAttributesBatchOperation', { roomID, operations: [] })).toBe(6000321);
    expect(await failCode(outsider, 'queryRoomAllAttributes', { roomID })).toBe(6000321);
  });
});
