/** Runs async steps one at a time, in the order they were queued. */
export interface SerialQueue {
  /** Queue `step`; resolves or rejects with its outcome. A failed step does not stop the queue. */
  run<T>(step: () => Promise<T> | T): Promise<T>;
  /** Resolves once every step queued so far has finished. */
  idle(): Promise<void>;
}

/**
 * A promise queue: the relay's one serial executor, so each command's read, reduce, write and
 * emit happen without another command in between.
 * @example const queue = createSerialQueue(); await queue.run(() => store.append(batch))
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(step: () => Promise<T> | T): Promise<T> {
      const result = tail.then(step);
      tail = result.catch(() => undefined);
      return result;
    },
    idle: () => tail.then(() => undefined),
  };
}
