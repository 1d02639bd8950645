/** Steps queued per key, each after the one before (settled either way). */
export type OneAtATime = (key: string, step: () => Promise<void>) => Promise<void>;

/**
 * A queue per key: a step starts once the key's previous step settled.
 * @example const oneAtATime = createTurns(); await oneAtATime(`callback:${id}`, async () => {...})
 */
export function createTurns(): OneAtATime {
  const turns = new Map<string, Promise<void>>();
  return (key, step) => {
    const run = (turns.get(key) ?? Promise.resolve()).then(step);
    const settled = run.catch(() => undefined);
    turns.set(key, settled);
    void settled.then(() => {
      if (turns.get(key) === settled) turns.delete(key);
    });
    return run;
  };
}
