import { type AgentToServer, errorFrame, FRAME_EVENT } from '@switchboard/shared';
import { routingSnapshot } from '../../core/estimate.js';
import type { AgentConversationCommand, conversationForAgent } from '../../core/permissions.js';
import { departmentsOf } from '../../core/state.js';
import type { AgentActor, CoreState } from '../../core/types.js';
import type { AgentSession, RelaySocket, Respond, TransportContext } from '../context.js';
import type { Handler, HandlerTable } from '../frames.js';
import { rooms } from '../rooms.js';
import { type AgentFrame, agentCommand, type CommandFrameType } from './commands.js';

/** A welcome lists the callbacks finished in the last day (and every open one). */
const CALLBACKS_SINCE_MS = 86_400_000;

/** One agent socket after its handshake: what its frame handlers share. */
export interface AgentConnection {
  readonly ctx: TransportContext;
  readonly socket: RelaySocket;
  readonly session: AgentSession;
  readonly actor: AgentActor;
  /** Whether the agent is a supervisor now (the routing setup decides). */
  supervisor(): boolean;
  /**
   * The conversation this agent may act on with `command` (the open one, else the store's closed
   * copy), or the permission table's refusal.
   */
  conversationFor(
    command: AgentConversationCommand,
    state: CoreState,
    conversationId: string,
  ): Promise<ReturnType<typeof conversationForAgent>>;
}

/** The state of one agent socket; closes it when the agent's token expires. */
export function agentConnection(
  ctx: TransportContext,
  socket: RelaySocket,
  session: AgentSession,
): AgentConnection & { close(): void } {
  const actor: AgentActor = { role: 'agent', id: session.agent.id, name: session.agent.name };
  // A token is checked at the handshake; an open socket must not outlive it either.
  const expiry = setTimeout(
    () => {
      socket.emit(FRAME_EVENT, errorFrame('TOKEN_EXPIRED'));
      socket.disconnect(true);
    },
    Math.max(0, session.expiresAt - Date.now()),
  );
  expiry.unref?.();
  return {
    ctx,
    socket,
    session,
    actor,
    supervisor: () => ctx.engine.state.agents.get(actor.id)?.role === 'supervisor',
    conversationFor: (command, state, conversationId) =>
      ctx.reads.conversations.forAgent(state, command, actor.id, conversationId),
    close: () => clearTimeout(expiry),
  };
}

/** The handlers of one area of the agent's frames (`K`: the frame types it answers). */
export type AgentArea<K extends AgentToServer['type']> = Pick<
  HandlerTable<AgentToServer, AgentConnection>,
  K
>;

/** A command frame's handler: its command through the engine, the engine's answer back. */
export const toEngine =
  <K extends CommandFrameType>(): Handler<AgentFrame<K>, AgentConnection> =>
  (frame, respond, { ctx, actor }) =>
    ctx.engine.dispatch(agentCommand(frame, actor), respond);

/** `conversation.open` and `conversation.sync`: read, then follow the conversation. */
export function follow(
  frame: AgentFrame<'conversation.open'> | AgentFrame<'conversation.sync'>,
  respond: Respond,
  connection: AgentConnection,
) {
  const { ctx, socket } = connection;
  return ctx.engine.read(async (state) => {
    const found = await connection.conversationFor(frame.type, state, frame.conversationId);
    if (!found.ok) return respond(found.error);
    const summary = found.conversation;
    const events = await ctx.reads.conversations.eventsAfter(summary.id, frame.afterSeq);
    socket.join(rooms.conversation(frame.conversationId));
    respond({ type: 'conversation.events', conversation: summary, ...events });
  });
}

/** `agent.hello`: count the agent in (routing first), then the welcome, and join the rooms. */
export async function hello(
  _frame: AgentFrame<'agent.hello'>,
  respond: Respond,
  { ctx, socket, session, actor }: AgentConnection,
) {
  const { engine, config, reads } = ctx;
  // Routing hears of the agent first, so the welcome shows their offers and state.
  if (!session.hello) await ctx.presence.agent(actor, 1);
  return engine.read(async (state) => {
    const conversations = await reads.conversations.inbox(state);
    socket.join([rooms.agents, rooms.agent(actor.id)]);
    session.hello = true;
    const routing = state.agents.get(actor.id);
    const supervisor = routing?.role === 'supervisor';
    if (supervisor) socket.join(rooms.supervisors);
    respond({
      type: 'agent.welcome',
      agent: {
        ...session.agent,
        ...(routing ? { capacity: routing.capacity, skills: [...routing.skills] } : {}),
        departmentIds: departmentsOf(state, actor.id),
      },
      conversations,
      presence: routing?.presence ?? 'online',
      departments: [...state.departments.values()],
      canned: [...state.canned.values()],
      routing: routingSnapshot(state, engine.now()),
      callbacks: await reads.callbacks.since(state, {}, engine.now() - CALLBACKS_SINCE_MS),
      sites: ctx.appearancesOf().all(),
      dispositions: config.dispositions,
      qaCriteria: config.qa.criteria,
      serviceLevel: config.serviceLevel,
      ...(supervisor ? { wallboard: ctx.options.wallboard.wallboard() } : {}),
    });
  });
}
