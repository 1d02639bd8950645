// What every command handler answers with, and the small helpers the handlers share.
import { type AgentRef, errorFrame } from '@switchboard/shared';
import type { Draft } from '../draft.js';
import type { ClientIdRecord } from '../records.js';
import type { Actor, AgentActor, ReplyEffect } from '../types.js';

/**
 * The key a sender's clientIds are kept under: `visitor:<id>` or `agent:<id>`.
 * @example actorKey({ role: 'agent', id: 'agt_1', name: 'Maya' }) // 'agent:agt_1'
 */
export function actorKey(actor: Pick<Actor, 'role' | 'id'>): string {
  return `${actor.role}:${actor.id}`;
}

/** A command's answer, and the clientId to remember with the message it wrote. */
export interface Outcome {
  frame: ReplyEffect['frame'];
  sender?: ClientIdRecord;
}

export const ok: Outcome = { frame: { type: 'ok' } };
export const fail = (code: Parameters<typeof errorFrame>[0], message?: string): Outcome => ({
  frame: errorFrame(code, message),
});

export const refOf = (agent: Pick<AgentActor, 'id' | 'name'>): AgentRef => ({
  id: agent.id,
  name: agent.name,
});

export const isSupervisor = (draft: Draft, actor: AgentActor) =>
  draft.agent(actor.id)?.role === 'supervisor';
