import type { AgentProfile } from '@switchboard/shared';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AgentClient, CommandResult } from '../client/agent-client.js';
import type { MetricsRange } from '../format/self-service.js';
import type { ConsoleStore } from '../store/create-store.js';
import type { InboxFilter } from '../store/selectors.js';
import type { ConsoleState } from '../store/state.js';

/** A department as the views' selects and labels want it. */
export interface DepartmentChoice {
  id: string;
  name: string;
}

/**
 * What every area's container reads from the signed-in workspace: the state, the client, who I
 * am, the clock, the shared helpers, and the bits of screen state that outlive a screen change.
 */
export interface WorkspaceContextValue {
  state: ConsoleState;
  store: ConsoleStore;
  client: AgentClient;
  me: AgentProfile;
  supervisor: boolean;
  /** The render's clock, ms. */
  at: number;
  /** The clock itself, for requests that need the time they are sent. */
  now(): number;
  online: boolean;
  /** Ids for new records. */
  newId(): string;
  /** The session's sign-in token (CSV exports send it). */
  token: string;
  fetch: typeof fetch;
  /** Departments known to the console (the editors' list, else the routing snapshot's queues). */
  departments: readonly DepartmentChoice[];
  departmentName(departmentId: string): string;
  /** Show a refused command as the workspace's notice (on the conversation when it names one). */
  report(result: CommandResult, conversationId?: string): void;
  /** Show a conversation in the inbox (and in the URL). */
  open(conversationId: string): void;
  /** A command that ends with the conversation on screen (accept, take, join). */
  thenOpen(conversationId: string, action: Promise<CommandResult>): Promise<CommandResult>;
  /** The workspace's notice, when it names no conversation. */
  notice: preact.JSX.Element | null;
  /** Kept across screens: the inbox filter, the reply drafts, the metrics range. */
  filter: InboxFilter;
  setFilter(filter: InboxFilter): void;
  drafts: Readonly<Record<string, string>>;
  setDraft(conversationId: string, text: string): void;
  metricsRange: MetricsRange;
  setMetricsRange(range: MetricsRange): void;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The workspace the area containers render in. */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside <Workspace>');
  return value;
}
