import type { VisitorAttributes } from '@switchboard/shared';

/**
 * Records the core reads and returns, kept by the store: they belong to the core, and `store/`
 * re-exports them, so the store depends on the core and never the other way round.
 */

/**
 * A sent message, remembered by its sender's `clientId` so a resend is answered with the original
 * ack. `actor` is `visitor:<id>` or `agent:<id>`.
 */
export interface ClientIdRecord {
  actor: string;
  clientId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  at: number;
}

/**
 * A visitor of one site: anonymous (with the display name made up for them) until the page says
 * who they are (`identify`). `userId` with `verified` true was proven by a `userHash`; it is then
 * unique per site and the key their history follows. Unverified, it is only a claim, shown to
 * agents as such and never looked up.
 */
export interface VisitorRecord {
  id: string;
  siteId: string;
  name: string;
  createdAt: number;
  /** The last phone number (E.164) they gave: kept for a callback, never logged. */
  phone?: string;
  email?: string;
  /** The site's own user id (a claim unless `verified`). */
  userId?: string;
  verified?: boolean;
  attributes?: VisitorAttributes;
}
