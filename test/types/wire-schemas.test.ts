/**
 * The wire types written by hand (lib/protocol/events.ts) and the server's schemas are linked at
 * compile time (lib/protocol/wire-schemas.ts): `npm test`'s typecheck fails, naming the event,
 * when they drift. These checks run in that typecheck too (expectTypeOf) and show the link can fail.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CLIENT_EVENTS } from '../../lib/protocol/events.ts';
import { renewTokenSchema } from '../../lib/protocol/schemas.ts';
import { CLIENT_SCHEMAS, WIRE_AND_SCHEMAS_AGREE, type DriftedEvents } from '../../lib/protocol/wire-schemas.ts';

describe('wire types and schemas', () => {
  it('every client event has its schema, and none drifts from its wire type', () => {
    expect(Object.keys(CLIENT_SCHEMAS).sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(WIRE_AND_SCHEMAS_AGREE).toBe(true);
    expectTypeOf<DriftedEvents<typeof CLIENT_SCHEMAS>>().toBeNever();
  });

  it('a schema that does not fit its event is named by the check', () => {
    type Swapped = Omit<typeof CLIENT_SCHEMAS, 'joinRoom'> & { joinRoom: typeof renewTokenSchema };
    expectTypeOf<DriftedEvents<Swapped>>().toEqualTypeOf<'joinRoom: the wire payload is not what the schema accepts'>();
  });
});
