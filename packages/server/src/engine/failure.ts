// The answer a client gets when a command could not be carried out: "try again" when the store
// could not reach its database, "something went wrong" otherwise. Nothing was changed in either.
import { type ErrorFrame, errorFrame } from '@switchboard/shared';
import { isStoreUnavailable } from '../store/errors.js';

/**
 * `UNAVAILABLE` (retryable) for a database out of reach, else `INTERNAL`.
 * @example respond(failureFrame(error))
 */
export const failureFrame = (error: unknown): ErrorFrame =>
  errorFrame(isStoreUnavailable(error) ? 'UNAVAILABLE' : 'INTERNAL');
