// A tiny event emitter that works the same in browsers and in Node.

export class Emitter {
  #handlers = new Map();

  /** Subscribes; returns a function that unsubscribes. */
  on(event, handler) {
    if (typeof handler !== 'function') throw new TypeError(`handler for '${event}' must be a function`);
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Calls every handler; a throwing handler is reported and does not stop the others. */
  emit(event, ...args) {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) {
      try {
        handler(...args);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }
}
