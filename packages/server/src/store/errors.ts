// What a store says when it cannot reach its database, as opposed to refusing a write: the caller
// answers "try again" rather than "something went wrong".

/**
 * The store could not reach its database (a connection refused, dropped or timed out). `outcome`
 * says what became of a write: `not-written` when it failed before its COMMIT was sent, `unknown`
 * when the connection went while the COMMIT was on its way (it may have been applied).
 * @example if (error instanceof StoreUnavailableError) reply(errorFrame('UNAVAILABLE'))
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
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
