/**
 * Users without a browser: SDK instances in the test process (the SDK runs unchanged in Node),
 * for filling rooms with hundreds of members or thousands of messages.
 */
import { ZIM, ZIMMessagePriority, ZIMMessageType } from '../../lib/zim/index.ts';

export interface Bots {
  instances: ZIM[];
  /** Runs `work` for every bot, at most `concurrency` at a time. */
  each(work: (zim: ZIM, index: number) => Promise<unknown>, concurrency?: number): Promise<void>;
  destroy(): Promise<void>;
}

export async function startBots(server: string, prefix: string, count: number): Promise<Bots> {
  const instances = Array.from({ length: count }, () => ZIM.create({ server, persistSession: false }));
  const each: Bots['each'] = async (work, concurrency = 50) => {
    let next = 0;
    const lane = async () => {
      while (next < instances.length) {
        const index = next++;
        await work(instances[index]!, index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, instances.length) }, lane));
  };
  await each((zim, i) => zim.login(`${prefix}-${i}`, { userName: `Student ${String(i + 1).padStart(4, '0')}` }));
  return {
    instances,
    each,
    async destroy() {
      await each((zim) => zim.logout().catch(() => undefined));
      for (const zim of instances) zim.destroy();
    },
  };
}

/** Barrage messages have the higher rate cap (SPEC 7), so bots can fill a room quickly. */
export async function sendBurst(zim: ZIM, roomID: string, texts: string[], perSecond = 40): Promise<void> {
  const gap = 1000 / perSecond;
  for (const text of texts) {
    const started = Date.now();
    await zim.sendMessage({ type: ZIMMessageType.Barrage, message: text }, roomID, 1, {
      priority: ZIMMessagePriority.High,
    });
    const wait = gap - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
