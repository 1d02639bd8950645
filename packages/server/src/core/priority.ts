import type { VisitorProfile } from '@switchboard/shared';

/**
 * A site's rule: a verified visitor whose attribute `attribute` equals `equals` waits at
 * `priority` (0 to 10) in the queue.
 * @example { attribute: 'plan', equals: 'Trail Club', priority: 5 }
 */
export interface PriorityRule {
  readonly attribute: string;
  readonly equals: string | number | boolean;
  readonly priority: number;
}

/**
 * A new conversation's queue priority: the highest of the site's rules that the visitor's
 * attributes match, counted only for a verified visitor (a `userHash` that matched); otherwise 0.
 * Nothing the visitor sends sets it directly: the attributes of an anonymous or merely claimed
 * identity are whatever the browser says.
 * @example priorityFor([{ attribute: 'plan', equals: 'pro', priority: 5 }], { verified: true, attributes: { plan: 'pro' } }) // 5
 */
export function priorityFor(
  rules: readonly PriorityRule[] | undefined,
  profile: Pick<VisitorProfile, 'verified' | 'attributes'> | undefined,
): number {
  if (!rules || profile?.verified !== true || !profile.attributes) return 0;
  const { attributes } = profile;
  let priority = 0;
  for (const rule of rules) {
    if (!Object.hasOwn(attributes, rule.attribute)) continue;
    if (attributes[rule.attribute] === rule.equals) priority = Math.max(priority, rule.priority);
  }
  return priority;
}
