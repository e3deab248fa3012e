/** Convene's ZIM-compatible client SDK. `import { ZIM } from '…/lib/zim'` replaces `zego-zim-web`. */
import { ZIM } from './zim.ts';

export { ZIM, ZIM_SDK_VERSION } from './zim.ts';
export type { ZIMAnyEvent, ZIMEventListener, ZIMEventMap, ZIMEventName } from './event-map.ts';
export { ZIM_EVENT_NAMES } from './event-map.ts';
export type {
  ZIMAppConfig,
  ZIMCreateOptions,
  ZIMLoginConfig,
  ZIMMessageSendNotification,
  ZIMRoomEnteredEvent,
  ZIMRoomEnteredHow,
  ZIMSessionEndedEvent,
} from './sdk-types.ts';
export * from '../protocol/client.ts';
export default ZIM;
