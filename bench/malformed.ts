/**
 * Random malformed calls for the fuzz and soak runs: for every client event (CLIENT_EVENTS), a
 * payload made invalid on purpose — a required field missing, of the wrong type, oversized, deeply
 * nested, a huge or out-of-range number, own `__proto__` / `constructor` keys in place of the real
 * fields, a non-object payload — plus unknown event names and calls sent without an ack. Each
 * mutation is chosen so that the call can never be valid: the server must answer an error (or,
 * without an ack, drop it) and change nothing.
 */
import { CLIENT_EVENTS, type ClientEventName } from '../lib/protocol/index.ts';
import { LIMITS, WIRE_LIMITS } from '../lib/protocol/rules.ts';
import { template, type Kind } from './malformed-templates.ts';

/** A call to make: `payload` NO_PAYLOAD means the event is emitted with the ack only. */
export interface MalformedCall {
  event: string;
  payload: unknown;
  /** Emit with an ack callback (false: a call the server must drop). */
  ack: boolean;
  /** How it was made invalid (for the tally and for reporting one that was accepted). */
  kind: MutationKind;
}

export type MutationKind =
  | 'missing'
  | 'wrong-type'
  | 'oversized'
  | 'deep'
  | 'huge-number'
  | 'proto-keys'
  | 'non-object'
  | 'unknown-event'
  | 'no-ack';
export const NO_PAYLOAD = Symbol('no payload');

/** Deterministic when seeded (mulberry32), so a failing run can be repeated. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
export const deep = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
function setAt(target: Record<string, unknown>, path: string[], value: unknown, remove = false): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (remove) delete node[last];
  else node[last] = value;
}

/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (a literal would set the prototype). */
const protoObject = (inner: unknown) =>
  JSON.parse(
    `{"__proto__":${JSON.stringify(inner)},"constructor":{"prototype":{"polluted":"yes"}},"polluted":{"__proto__":{"x":1}}}`,
  ) as unknown;

export class MalformedGenerator {
  private readonly counter = { n: 0 };
  constructor(private readonly random: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }
  private chance(p: number): boolean {
    return this.random() < p;
  }
  private size(normal: number, rare: number): number {
    return this.chance(0.02) ? rare : normal + Math.floor(this.random() * normal);
  }
  private bigString(minBytes: number): string {
    return 'x'.repeat(this.chance(0.01) ? 100_000 : minBytes + Math.floor(this.random() * 200));
  }
  private buffer(): Buffer {
    return Buffer.from([1 + Math.floor(this.random() * 200), 2, 3]);
  }

  /** A value that can never pass for `kind`. */
  private wrong(kind: Kind): unknown {
    const numbers = [0, -1, 1e308, -1e308, 2 ** 64, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
    const others: unknown[] = [
      true,
      false,
      [],
      [1, 'a'],
      { a: { b: {} } },
      this.buffer(),
      new Uint8Array([9, 9]),
      deep(5),
    ];
    const notString = [...numbers, ...others, null];
    switch (kind) {
      case 'id':
        return this.pick([...notString, 'a b', 'é/ü', '\u0000', '', 'x'.repeat(LIMITS.roomIDBytes + 1)]);
      case 'text':
        return this.pick([...notString, '', this.buffer()]);
      case 'token':
        return this.pick([...notString, '']);
      case 'number':
      case 'count':
        return this.pick([0, -1, 1e9, 1.5, 1e308, 2 ** 64, Number.NaN, '10', true, null, [], {}, this.buffer()]);
      case 'type':
        return this.pick([99, -1, 1.5, 1e308, '1', null, true, [], {}]);
      case 'convType':
        return this.pick([0, 2, 1e308, -1, '1', null, true, [], {}]);
      case 'bool':
        return this.pick([1, 0, 'true', null, [], {}, 1e308]);
      case 'object':
        return this.pick([...numbers, 'text', '', true, null, [], [{}]]);
      case 'record':
        return this.pick([
          ...numbers,
          'text',
          true,
          null,
          [['a', 'b']],
          { a: 5 },
          { a: null },
          { a: { b: 'c' } },
          { a: [] },
          this.buffer(),
        ]);
      case 'list':
        return this.pick([
          ...numbers,
          'text',
          true,
          null,
          {},
          { 0: 'a' },
          this.buffer(),
          [5],
          [null],
          [{ a: 1 }],
          [[]],
        ]);
    }
  }

  private oversized(kind: Kind): unknown {
    switch (kind) {
      case 'id':
        return this.bigString(LIMITS.roomIDBytes + 1);
      case 'text':
        // Over every type's limit (Command and Barrage: 5120 bytes), sometimes over the wire's.
        return 'x'.repeat(this.chance(0.05) ? WIRE_LIMITS.text + 1 : 5121 + Math.floor(this.random() * 2000));
      case 'token':
        return this.bigString(LIMITS.tokenLength + 1);
      case 'list':
        return many(this.size(WIRE_LIMITS.list + 1, 20_000), (i) => `u${i}`);
      case 'record':
        return Object.fromEntries(many(this.size(WIRE_LIMITS.keys + 1, 20_000), (i) => [`k${i}`, 'v']));
      default:
        return this.wrong(kind);
    }
  }

  private huge(kind: Kind): unknown {
    if (kind === 'count' || kind === 'number' || kind === 'type' || kind === 'convType')
      return this.pick([1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, 1e21, -0.5]);
    return this.pick([1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2]);
  }

  /** One malformed call for `event` (R: a room; N: a room that must never come to exist). */
  forEvent(event: ClientEventName, R: string, N: string): MalformedCall {
    const t = template(event, R, N);
    const nonObject = (): MalformedCall => ({
      event,
      // No payload at all is valid for leaveAllRoom / logout (an empty call).
      payload: this.pick<unknown>([42, 'text', true, [], [{}], this.buffer(), 1e308, ...(t ? [NO_PAYLOAD, null] : [])]),
      ack: true,
      kind: 'non-object',
    });
    if (!t || this.chance(0.08)) return nonObject();
    const payload = clone(t.payload);
    const field = this.pick(t.fields);
    const r = this.random();
    let kind: MutationKind;
    if (r < 0.18) {
      kind = 'missing';
      setAt(payload, field.path, undefined, true);
    } else if (r < 0.5) {
      kind = 'wrong-type';
      setAt(payload, field.path, this.wrong(field.kind));
    } else if (r < 0.62) {
      kind = 'oversized';
      setAt(payload, field.path, this.oversized(field.kind));
    } else if (r < 0.74) {
      kind = 'deep';
      setAt(payload, field.path, deep(this.pick([10, 50, 200, 1000, 3000])));
    } else if (r < 0.86) {
      kind = 'huge-number';
      setAt(payload, field.path, this.huge(field.kind));
    } else {
      kind = 'proto-keys';
      // The real fields hidden under an own __proto__ key: they are not the payload's own.
      if (field.path.length === 1 || this.chance(0.5))
        return { event, payload: protoObject(t.payload), ack: true, kind };
      setAt(payload, field.path.slice(0, -1), protoObject(clone(t.payload[field.path[0] as string])));
    }
    return { event, payload, ack: true, kind };
  }

  /** Any malformed call: mostly a known event, sometimes an unknown one or one without an ack. */
  next(R: string, N: string, withoutAck = true): MalformedCall {
    this.counter.n += 1;
    const r = this.random();
    if (r < 0.03) {
      const names = [
        'nope',
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'createroom',
        'joinRoom ',
        'x'.repeat(1000),
        'ping',
        '',
        'ack',
      ];
      return {
        event: this.pick(names),
        payload: this.pick<unknown>([{}, { roomID: R }, null, 5]),
        ack: true,
        kind: 'unknown-event',
      };
    }
    if (withoutAck && r < 0.05) {
      // A call that would change state if it were answered: with no ack, the server drops it.
      const payload = this.pick<[string, unknown]>([
        ['createRoom', { roomInfo: { roomID: N, roomName: 'n' } }],
        ['enterRoom', { roomInfo: { roomID: N, roomName: 'n' } }],
        ['joinRoom', { roomID: R }],
        ['setRoomAttributes', { roomID: R, roomAttributes: { hacked: 'yes' }, config: { isForce: true } }],
        ['leaveAllRoom', {}],
        ['sendMessage', { message: { type: 1, message: 'no-ack' }, toConversationID: R, conversationType: 1 }],
      ]);
      return { event: payload[0], payload: payload[1], ack: false, kind: 'no-ack' };
    }
    return this.forEvent(this.pick(CLIENT_EVENTS), R, N);
  }
}

/** Readable form of a call's payload, cut short (for a report of an accepted malformed call). */
export const show = (v: unknown) =>
  v === NO_PAYLOAD ? '(no payload)' : (JSON.stringify(v) ?? String(v)).slice(0, 160);
