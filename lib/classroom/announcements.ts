/**
 * What the app's backend tells a class, as a message from the server (sender `@server`): every
 * member's message list and event timeline show it, so a removal or the end is said by name.
 */
export const announcement = {
  removed: (hostName: string, memberName: string, reason: string) =>
    `${hostName} removed ${memberName} from the class${reason ? `: ${reason}` : '.'}`,
  ended: (hostName: string) => `${hostName} ended the class.`,
};
