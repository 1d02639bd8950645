import type {
  AgentProfile,
  ConversationEvent,
  ConversationSummary,
  ErrorCode,
} from '@switchboard/shared';

/** Where the agent socket stands, as the top bar shows it. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** The events of one opened conversation, applied in seq order, each exactly once. */
export interface Thread {
  events: ConversationEvent[];
  /** The highest contiguous seq held (0 before the first event). */
  lastSeq: number;
  /** True when an event arrived past `lastSeq + 1`: the client asks `conversation.sync`. */
  gap: boolean;
  /** True once the first `conversation.events` answer arrived. */
  loaded: boolean;
}

/** A reply the agent wrote that the relay has not yet shown back as a `message.created`. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  text: string;
  createdAt: number;
  /** `sending` until `chat.ack`; `sent` once acked; `failed` when the send errored or timed out. */
  status: 'sending' | 'sent' | 'failed';
  /** The seq the ack gave it, once acked. */
  seq?: number;
  /** The ack's timestamp. */
  at?: number;
}

/** Someone typing in a conversation, until `until` (ms since the epoch). */
export interface TypingState {
  name: string;
  until: number;
}

/** A problem to show the agent, with the relay's message. */
export interface Notice {
  code: ErrorCode | 'NETWORK';
  message: string;
  conversationId?: string;
}

/** Everything the console knows, derived from frames and the agent's own actions. */
export interface ConsoleState {
  agent: AgentProfile | null;
  connection: ConnectionStatus;
  /** Conversation summaries by id, from `agent.welcome` and `inbox.upsert`. */
  inbox: Record<string, ConversationSummary>;
  /** Opened conversations by id. */
  threads: Record<string, Thread>;
  /** Unacknowledged and not-yet-echoed replies, oldest first. */
  outbox: PendingMessage[];
  /** Visitor typing, by conversation id. */
  typing: Record<string, TypingState>;
  /** The seq the agent had seen when they last looked at each conversation. */
  lastRead: Record<string, number>;
  selectedId: string | null;
  notice: Notice | null;
}

/**
 * A fresh state: nothing known, connecting.
 * @example createInitialState({ lastRead: loadLastRead(storage) })
 */
export function createInitialState(overrides: Partial<ConsoleState> = {}): ConsoleState {
  return {
    agent: null,
    connection: 'connecting',
    inbox: {},
    threads: {},
    outbox: [],
    typing: {},
    lastRead: {},
    selectedId: null,
    notice: null,
    ...overrides,
  };
}

/** An empty thread, before `conversation.events` answers. */
export const EMPTY_THREAD: Thread = { events: [], lastSeq: 0, gap: false, loaded: false };
