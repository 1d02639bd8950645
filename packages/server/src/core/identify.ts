import type { VisitorAttributes, VisitorProfile } from '@switchboard/shared';
import type { VisitorRecord } from './records.js';

/** The details a visitor (or the page for them) may give: `identify` and `visitor.update`. */
export interface VisitorDetails {
  name?: string;
  email?: string;
  phone?: string;
  /** Merged key by key; `null` removes a key. */
  attributes?: VisitorAttributes;
}

/**
 * A visitor as agents (and the visitor themself) see them.
 * @example profileOf(record) // { id: 'vis_1', name: 'Ada', userId: 'u-42', verified: true }
 */
export function profileOf(record: VisitorRecord): VisitorProfile {
  return {
    id: record.id,
    name: record.name,
    ...(record.email !== undefined ? { email: record.email } : {}),
    ...(record.phone !== undefined ? { phone: record.phone } : {}),
    ...(record.userId !== undefined
      ? { userId: record.userId, verified: record.verified === true }
      : {}),
    ...(record.attributes && Object.keys(record.attributes).length > 0
      ? { attributes: record.attributes }
      : {}),
  };
}

/**
 * Merge attributes key by key: a `null` removes the key. At most 50 keys are kept (the first
 * ones), as the protocol allows.
 * @example mergeAttributes({ plan: 'pro' }, { plan: null, seats: 3 }) // { seats: 3 }
 */
export function mergeAttributes(
  current: VisitorAttributes | undefined,
  patch: VisitorAttributes | undefined,
): VisitorAttributes | undefined {
  if (!patch) return current;
  const next: VisitorAttributes = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  const entries = Object.entries(next).slice(0, 50);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The record with the details applied: given fields replace the stored ones, attributes merge.
 * @example withDetails(record, { name: 'Ada', attributes: { plan: 'pro' } })
 */
export function withDetails(record: VisitorRecord, details: VisitorDetails): VisitorRecord {
  const { attributes: _attributes, ...rest } = record;
  const attributes = mergeAttributes(record.attributes, details.attributes);
  return {
    ...rest,
    ...(details.name !== undefined ? { name: details.name } : {}),
    ...(details.email !== undefined ? { email: details.email } : {}),
    ...(details.phone !== undefined ? { phone: details.phone } : {}),
    ...(attributes ? { attributes } : {}),
  };
}

/** What `identify` does, decided from store facts (pure). */
export type IdentifyDecision =
  | { ok: false; message: string }
  | {
      ok: true;
      /** The record the session is now, details applied (to store). */
      visitor: VisitorRecord;
      /** The session becomes another visitor record: a new token, other rooms. */
      switched: boolean;
      /** The anonymous visitor whose open conversation moves to `visitor` if it has none open. */
      movedFrom?: string;
    };

export interface IdentifyInput {
  /** The record the session is now. */
  current: VisitorRecord;
  userId: string;
  details: VisitorDetails;
  /** `verified`: the userHash matched the site's secret; `claim`: no hash (and none required). */
  proof: 'verified' | 'claim';
  /** The verified visitor of the site with this userId, when `proof` is verified. */
  existing: VisitorRecord | null;
  /** For a new verified record (a verified session switching to a user never seen). */
  newVisitor: () => VisitorRecord;
}

/**
 * Decide an `identify` (the hash already checked). A claim never joins another record and never
 * replaces a verified identity with another one; a verified identity joins the user's record
 * (from any device), or makes the current one theirs.
 * @example decideIdentify({ current, userId: 'u-42', details: {}, proof: 'claim', existing: null, newVisitor })
 */
export function decideIdentify(input: IdentifyInput): IdentifyDecision {
  const { current, userId, details, existing } = input;
  if (input.proof === 'claim') {
    if (current.verified && current.userId !== userId) {
      return {
        ok: false,
        message: 'This session is verified as another user; identify them with a userHash.',
      };
    }
    const verified = current.verified === true && current.userId === userId;
    return {
      ok: true,
      visitor: { ...withDetails(current, details), userId, verified },
      switched: false,
    };
  }
  if (existing && existing.id !== current.id) {
    return {
      ok: true,
      visitor: withDetails(existing, details),
      switched: true,
      // Only an anonymous (or merely claimed) visitor's open chat moves: never another user's.
      ...(current.verified ? {} : { movedFrom: current.id }),
    };
  }
  if (existing || !current.verified) {
    return {
      ok: true,
      visitor: { ...withDetails(current, details), userId, verified: true },
      switched: false,
    };
  }
  // Verified as user A, now proven to be user B who has no record yet: a new record for B.
  return {
    ok: true,
    visitor: { ...withDetails(input.newVisitor(), details), userId, verified: true },
    switched: true,
  };
}
