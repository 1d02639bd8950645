// What a store says when it cannot reach its database, as opposed to refusing a write: the caller
// answers "try again" rather than "something went wrong".

/**
 * The store could not reach its database (a connection refused, dropped or timed out). `outcome`
 * says what became of a write: `not-written` when it failed before its COMMIT was sent, `unknown`
 * when the connection went while the COMMIT was on its way (it may have been applied).
 * @example if (error instanceof StoreUnavailableError) reply(errorFrame('UNAVAILABLE'))
 */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  readonly outcome: 'not-written' | 'unknown';

  constructor(message: string, outcome: 'not-written' | 'unknown', options?: { cause?: unknown }) {
    super(message, options);
    this.outcome = outcome;
  }
}

/**
 * Whether an error means the database is out of reach (retry later), not a refused write.
 * @example isStoreUnavailable(error) ? 'UNAVAILABLE' : 'INTERNAL'
 */
export const isStoreUnavailable = (error: unknown): error is StoreUnavailableError =>
  error instanceof StoreUnavailableError;

/**
 * A fenced write refused: the lease it was made under has a newer epoch (another node took over
 * the routing core). Nothing was written. A kind of "out of reach" for the caller (answer "try
 * again", no command-by-command retry); the cluster steps down on it.
 * @example if (error instanceof FencedError) cluster.stepDown()
 */
export class FencedError extends StoreUnavailableError {
  override readonly name = 'FencedError';
  readonly fence: { lease: string; epoch: number };

  constructor(fence: { lease: string; epoch: number }, options?: { cause?: unknown }) {
    super(`the lease ${fence.lease} moved past epoch ${fence.epoch}`, 'not-written', options);
    this.fence = fence;
  }
}
