'use client';

import { useShallow } from 'zustand/react/shallow';
import { hostOf, isHandRaised, TOPIC_KEY } from '@/lib/classroom/class-keys';
import { hostNameOf, raisedHands } from '@/lib/store/class-state';
import { useConvene } from '@/lib/store/store-provider';

/** A room seen as a class: who hosts it, whether that is you, its topic and the raised hands. */
export function useClass(roomID: string) {
  return useConvene(
    useShallow((s) => {
      const room = s.rooms[roomID];
      const selfID = s.user?.userID;
      const hostID = hostOf(room?.attributes);
      return {
        hostID,
        hostName: hostNameOf(room),
        isHost: hostID !== undefined && hostID === selfID,
        topic: room?.attributes[TOPIC_KEY] ?? '',
        ownHandRaised: selfID !== undefined && isHandRaised(room?.memberAttributes[selfID]),
        handCount: raisedHands(room).length,
      };
    }),
  );
}
