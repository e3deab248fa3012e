/** Room attribute calls (SPEC section 6); the rules themselves are in attributes.ts. */
import {
  ZIMErrorCode,
  ZIMRoomAttributesUpdateAction,
  zimError,
  type DeleteRoomAttributesPayload,
  type EndRoomAttributesBatchOperationPayload,
  type SetRoomAttributesPayload,
  type ZIMRoomAttributesOperatedResult,
  type ZIMRoomAttributesQueriedResult,
  type ZIMRoomAttributesUpdateInfo,
} from '../../lib/protocol/index.ts';
import {
  applyDelete,
  applySet,
  checkTotals,
  emptyChange,
  plainAttributes,
  type AttributeChange,
  type AttributeMap,
} from './attributes.ts';
import { callerOf, requireOpen, requireRoomOfSession, type Reply, type RoomDeps } from './context.ts';
import type { Session } from './sessions.ts';

type Operated = ZIMRoomAttributesOperatedResult;

/** Commits retried after a concurrent write to the same room's attributes. */
const COMMIT_ATTEMPTS = 20;

export class RoomAttributes {
  constructor(private readonly deps: RoomDeps) {}

  setRoomAttributes(session: Session, p: SetRoomAttributesPayload, reply: Reply<Operated>): Promise<void> {
    return this.change(session, p.roomID, 'roomAttributesUpdated', reply, (map, change) =>
      applySet(map, p.roomAttributes, p.config, session.user.userID, change),
    );
  }

  deleteRoomAttributes(session: Session, p: DeleteRoomAttributesPayload, reply: Reply<Operated>): Promise<void> {
    return this.change(session, p.roomID, 'roomAttributesUpdated', reply, (map, change) =>
      applyDelete(map, p.keys, p.config.isForce, session.user.userID, change),
    );
  }

  /** Applies the gathered calls in order as one change, announced as one batch event. */
  endBatch(session: Session, p: EndRoomAttributesBatchOperationPayload, reply: Reply<Operated>): Promise<void> {
    return this.change(session, p.roomID, 'roomAttributesBatchUpdated', reply, (map, change) => {
      for (const op of p.operations) {
        // The batch's own flags apply where a call gave none of its own.
        const flags = {
          isForce: op.config.isForce ?? p.config.isForce,
          isDeleteAfterOwnerLeft: op.config.isDeleteAfterOwnerLeft ?? p.config.isDeleteAfterOwnerLeft,
          isUpdateOwner: op.config.isUpdateOwner ?? p.config.isUpdateOwner,
        };
        if (op.op === 'set') applySet(map, op.roomAttributes, flags, session.user.userID, change);
        else applyDelete(map, op.keys, flags.isForce, session.user.userID, change);
      }
    });
  }

  async queryRoomAllAttributes(session: Session, roomID: string): Promise<ZIMRoomAttributesQueriedResult> {
    requireRoomOfSession(session, roomID);
    return { roomID, roomAttributes: plainAttributes((await this.deps.store.attributes(roomID)).records) };
  }

  /** Computes the change on a copy; limits are checked before anything is stored or sent. */
  private async change(
    session: Session,
    roomID: string,
    event: 'roomAttributesUpdated' | 'roomAttributesBatchUpdated',
    reply: Reply<Operated>,
    apply: (map: AttributeMap, change: AttributeChange) => void,
  ): Promise<void> {
    const { store } = this.deps;
    requireRoomOfSession(session, roomID);
    // Optimistic: compute on the current version, commit only if nobody wrote in between.
    for (let attempt = 0; ; attempt++) {
      requireOpen(session);
      const { records: map, version } = await store.attributes(roomID);
      const change = emptyChange();
      apply(map, change);
      checkTotals(map);
      const infos: ZIMRoomAttributesUpdateInfo[] = [];
      if (Object.keys(change.set).length > 0) {
        infos.push({ action: ZIMRoomAttributesUpdateAction.Set, roomAttributes: change.set });
      }
      if (Object.keys(change.deleted).length > 0) {
        infos.push({ action: ZIMRoomAttributesUpdateAction.Delete, roomAttributes: change.deleted });
      }
      if (infos.length === 0) {
        requireRoomOfSession(session, roomID);
        return reply({ roomID, errorKeys: change.errorKeys });
      }
      const outcome = await store.commitAttributes(callerOf(session), roomID, version, map, {
        event,
        data: { roomID, infos },
      });
      if (outcome === 'not-in-room') throw zimError(ZIMErrorCode.NotInRoom, `You are not in room "${roomID}"`);
      if (outcome === 'ok') return reply({ roomID, errorKeys: change.errorKeys });
      if (attempt >= COMMIT_ATTEMPTS) {
        throw zimError(ZIMErrorCode.RoomError, 'Room attributes are changing too fast; retry');
      }
    }
  }
}
