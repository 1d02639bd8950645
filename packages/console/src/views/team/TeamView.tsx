import type {
  AgentStatus,
  CannedResponse,
  ConversationSummary,
  Department,
  WebhookDelivery,
} from '@switchboard/shared';
import { useState } from 'preact/hooks';
import type { CommandResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { formatDuration } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import type { RoutingView } from '../../store/state.js';
import { CannedSection } from './CannedSection.js';
import { DepartmentsSection } from './DepartmentsSection.js';
import { WebhookLog } from './WebhookLog.js';

/** Props of {@link TeamView}. */
export interface TeamViewProps {
  /** Null until the first snapshot. */
  routing: RoutingView | null;
  /** Open conversations (waiting and active). */
  live: ConversationSummary[];
  now: number;
  departmentName(departmentId: string): string;
  onReassign(conversationId: string, agentId: string): Promise<CommandResult>;
  onJoin(conversationId: string): Promise<CommandResult>;
  /** From `agent.welcome` and `departments.changed`. */
  departments: readonly Department[];
  /** From `agent.welcome` and `canned.changed`. */
  canned: readonly CannedResponse[];
  /** A new department's time zone until changed. */
  localTimeZone: string;
  /** Random ids for new canned responses. */
  newId(): string;
  onSaveDepartment(department: Department): Promise<CommandResult>;
  onSaveCanned(canned: CannedResponse): Promise<CommandResult>;
  onDeleteCanned(id: string): Promise<CommandResult>;
  /** The webhook delivery log, newest first; null until it was fetched. */
  webhooks?: readonly WebhookDelivery[] | null;
  /** Fetch the delivery log again (`webhooks.log`). */
  onRefreshWebhooks?(): Promise<CommandResult>;
}

/**
 * The supervisor's view, live from `routing.snapshot`: every queue, every agent's state and load,
 * and the live conversations with Reassign and Join; then the departments and canned responses,
 * each with its editor, and the webhook delivery log.
 * @example <TeamView routing={state.routing} live={live} now={Date.now()} ... />
 */
export function TeamView(props: TeamViewProps) {
  const { routing, live, now, departmentName } = props;
  const [error, setError] = useState<string | null>(null);
  const run = async (action: Promise<CommandResult>) => {
    setError(null);
    const result = await action;
    if (!result.ok) setError(errorText(result));
  };
  return (
    <main class="team" aria-labelledby="team-title">
      <h1 id="team-title" class="team__title">
        {en.team.title}
      </h1>
      {error && (
        <p class="team__error" role="alert">
          {error}
        </p>
      )}
      {!routing && <p class="team__empty">{en.team.noSnapshot}</p>}
      {routing && <QueuesTable routing={routing} />}
      {routing && <AgentsTable agents={routing.agents} departmentName={departmentName} />}
      <table class="table">
        <caption>{en.team.live}</caption>
        <thead>
          <tr>
            <th scope="col">{en.team.visitor}</th>
            <th scope="col">{en.team.department}</th>
            <th scope="col">{en.team.status}</th>
            <th scope="col">{en.team.agent}</th>
            <th scope="col">{en.team.since}</th>
            <th scope="col">{en.team.actions}</th>
          </tr>
        </thead>
        <tbody>
          {live.map((c) => (
            <LiveRow
              key={c.id}
              conversation={c}
              agents={routing?.agents ?? []}
              now={now}
              departmentName={departmentName}
              onReassign={(agentId) => run(props.onReassign(c.id, agentId))}
              onJoin={() => run(props.onJoin(c.id))}
            />
          ))}
        </tbody>
      </table>
      {live.length === 0 && <p class="team__empty">{en.team.noLive}</p>}
      <DepartmentsSection
        departments={props.departments}
        agents={routing?.agents ?? []}
        localTimeZone={props.localTimeZone}
        onSave={props.onSaveDepartment}
      />
      <CannedSection
        canned={props.canned}
        newId={props.newId}
        onSave={props.onSaveCanned}
        onDelete={props.onDeleteCanned}
      />
      {props.onRefreshWebhooks && (
        <WebhookLog deliveries={props.webhooks ?? null} onRefresh={props.onRefreshWebhooks} />
      )}
    </main>
  );
}

function QueuesTable({ routing }: { routing: RoutingView }) {
  return (
    <table class="table">
      <caption>{en.team.queues}</caption>
      <thead>
        <tr>
          <th scope="col">{en.team.department}</th>
          <th scope="col">{en.team.hours}</th>
          <th scope="col">{en.team.waiting}</th>
          <th scope="col">{en.team.longestWait}</th>
          <th scope="col">{en.team.agentsOnline}</th>
          <th scope="col">{en.team.aht}</th>
        </tr>
      </thead>
      <tbody>
        {routing.queues.map((q) => (
          <tr key={q.departmentId}>
            <th scope="row">{q.name}</th>
            <td>{q.open ? en.team.open : en.team.closed}</td>
            <td>{q.waiting.length}</td>
            <td>{q.waiting.length > 0 ? formatDuration(q.longestWaitMs) : '—'}</td>
            <td>{q.agentsOnline}</td>
            <td>{q.averageHandleSec > 0 ? formatDuration(q.averageHandleSec * 1000) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AgentsTable({
  agents,
  departmentName,
}: {
  agents: readonly AgentStatus[];
  departmentName(departmentId: string): string;
}) {
  return (
    <table class="table">
      <caption>{en.team.agents}</caption>
      <thead>
        <tr>
          <th scope="col">{en.team.name}</th>
          <th scope="col">{en.team.status}</th>
          <th scope="col">{en.team.connected}</th>
          <th scope="col">{en.team.load}</th>
          <th scope="col">{en.team.departments}</th>
        </tr>
      </thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.id}>
            <th scope="row">{a.name}</th>
            <td>
              <span class={`presence-dot presence-dot--${a.presence}`} aria-hidden="true" />
              {en.topBar.presence[a.presence]}
            </td>
            <td>{a.connected ? en.team.yes : en.team.no}</td>
            <td>{en.topBar.load(a.load, a.capacity)}</td>
            <td>{a.departmentIds.map(departmentName).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface LiveRowProps {
  conversation: ConversationSummary;
  agents: readonly AgentStatus[];
  now: number;
  departmentName(departmentId: string): string;
  onReassign(agentId: string): void;
  onJoin(): void;
}

function LiveRow({ conversation: c, agents, now, departmentName, ...props }: LiveRowProps) {
  const [agentId, setAgentId] = useState('');
  const selectId = `reassign-${c.id}`;
  const since = c.status === 'waiting' ? (c.queuedAt ?? c.createdAt) : c.createdAt;
  return (
    <tr>
      <th scope="row">{c.visitor.name}</th>
      <td>{c.routing ? departmentName(c.routing.departmentId) : '—'}</td>
      <td>{en.status[c.status]}</td>
      <td>{c.agent?.name ?? en.team.nobody}</td>
      <td>{formatDuration(now - since)}</td>
      <td class="table__actions">
        <label class="visually-hidden" for={selectId}>
          {en.team.reassignTo(c.visitor.name)}
        </label>
        <select
          id={selectId}
          class="table__select"
          value={agentId}
          onChange={(event) => setAgentId(event.currentTarget.value)}
        >
          <option value="">{en.team.chooseAgent}</option>
          {agents
            .filter((a) => a.id !== c.agent?.id)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {`${a.name} (${en.topBar.presence[a.presence]}, ${a.load}/${a.capacity})`}
              </option>
            ))}
        </select>
        <button
          class="button button--secondary"
          type="button"
          disabled={!agentId}
          onClick={() => props.onReassign(agentId)}
        >
          {en.team.reassign}
        </button>
        <button class="button button--secondary" type="button" onClick={props.onJoin}>
          {en.team.join}
        </button>
      </td>
    </tr>
  );
}
