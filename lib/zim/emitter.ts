/**
 * Listener registry. `on` keeps ONE listener per event and a second `on` replaces it, because
 * that is what ZIM does and apps written against ZIM rely on it. `subscribe` and `listen` are our
 * additions: any number of catch-all observers (event log, tests) and of typed listeners per event
 * (the store binder), which never displace the app's listener and are never removed by its `off`.
 */
import type { ZIMAnyEvent, ZIMEventListener, ZIMEventMap, ZIMEventName } from './event-map.ts';

type AnyListener<Z> = (zim: Z, data: never) => void;

export class Emitter<Z> {
  private readonly listeners = new Map<ZIMEventName, AnyListener<Z>>();
  private readonly observers = new Set<(event: ZIMAnyEvent) => void>();
  private readonly typed = new Map<ZIMEventName, Set<(data: never) => void>>();

  constructor(private readonly owner: Z) {}

  on<K extends ZIMEventName>(name: K, listener: ZIMEventListener<Z, K>): void {
    this.listeners.set(name, listener);
  }

  off(name: ZIMEventName): void {
    this.listeners.delete(name);
  }

  subscribe(observer: (event: ZIMAnyEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** One more listener for `name`; returns its own teardown. */
  listen<K extends ZIMEventName>(name: K, listener: (data: ZIMEventMap[K]) => void): () => void {
    let set = this.typed.get(name);
    if (!set) this.typed.set(name, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
    this.observers.clear();
    this.typed.clear();
  }

  /** A throwing listener is reported, never propagated: it must not break the SDK's bookkeeping. */
  emit<K extends ZIMEventName>(name: K, data: ZIMEventMap[K]): void {
    for (const observer of [...this.observers]) {
      guard(name, () => observer({ name, data } as ZIMAnyEvent));
    }
    for (const typed of [...(this.typed.get(name) ?? [])])
      guard(name, () => (typed as (data: ZIMEventMap[K]) => void)(data));
    const listener = this.listeners.get(name) as ZIMEventListener<Z, K> | undefined;
    if (listener) guard(name, () => listener(this.owner, data));
  }
}

function guard(name: string, run: () => void): void {
  try {
    run();
  } catch (err) {
    console.error(`[convene/zim] a listener for "${name}" threw:`, err);
  }
}
