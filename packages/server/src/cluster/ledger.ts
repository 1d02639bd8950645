// Who is connected, across nodes: each node counts its own sockets and says when an actor's first
// socket arrives or its last one leaves (`visitor.connect`, `agent.disconnect`, ...). The owner
// keeps, per actor, the nodes that have them, and tells the core only when the first node has
// them or the last one lets go; a node that stops beating is dropped as if all its sockets left.
import type { Command } from '../core/types.js';

type PresenceCommand = Extract<
  Command,
  { type: 'visitor.connect' | 'visitor.disconnect' | 'agent.connect' | 'agent.disconnect' }
>;

/** Whether a command is a presence change a node reports. */
export const isPresence = (command: Command): command is PresenceCommand =>
  command.type === 'visitor.connect' ||
  command.type === 'visitor.disconnect' ||
  command.type === 'agent.connect' ||
  command.type === 'agent.disconnect';

const keyOf = (c: PresenceCommand) => ('agent' in c ? `a:${c.agent.id}` : `v:${c.visitorId}`);

const disconnectOf = (c: PresenceCommand): PresenceCommand =>
  'agent' in c
    ? { type: 'agent.disconnect', agent: c.agent }
    : { type: 'visitor.disconnect', visitorId: c.visitorId };

export interface PresenceLedger {
  /**
   * A node's report: the command the core must hear, or null when the actor's cluster-wide
   * presence did not change (another node still has them, or had them already).
   */
  report(node: string, command: PresenceCommand): PresenceCommand | null;
  /** A node gone: the disconnects of the actors no other node has. */
  dropNode(node: string): PresenceCommand[];
  /** The nodes reporting anyone. */
  nodes(): string[];
}

/**
 * An empty ledger (a new owner starts with one; every node then reports who it has).
 * @example const ledger = createPresenceLedger(); const told = ledger.report('n2', command)
 */
export function createPresenceLedger(): PresenceLedger {
  const byActor = new Map<string, { nodes: Set<string>; last: PresenceCommand }>();
  const byNode = new Map<string, Set<string>>();
  return {
    report(node, command) {
      const key = keyOf(command);
      const connect = command.type.endsWith('.connect');
      let entry = byActor.get(key);
      if (connect) {
        const first = !entry || entry.nodes.size === 0;
        if (!entry) {
          entry = { nodes: new Set(), last: command };
          byActor.set(key, entry);
        }
        entry.last = command;
        entry.nodes.add(node);
        const keys = byNode.get(node) ?? new Set<string>();
        byNode.set(node, keys);
        keys.add(key);
        return first ? command : null;
      }
      byNode.get(node)?.delete(key);
      if (!entry) return command; // never counted here: the core may still count them in
      entry.nodes.delete(node);
      if (entry.nodes.size > 0) return null;
      byActor.delete(key);
      return command;
    },
    dropNode(node) {
      const keys = byNode.get(node);
      byNode.delete(node);
      const told: PresenceCommand[] = [];
      for (const key of keys ?? []) {
        const entry = byActor.get(key);
        if (!entry) continue;
        entry.nodes.delete(node);
        if (entry.nodes.size === 0) {
          byActor.delete(key);
          told.push(disconnectOf(entry.last));
        }
      }
      return told;
    },
    nodes: () => [...byNode.keys()].filter((node) => (byNode.get(node)?.size ?? 0) > 0),
  };
}
