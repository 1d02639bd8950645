import { useEffect } from 'preact/hooks';
import { inboxList } from '../../store/selectors.js';
import { TeamView } from '../../views/team/TeamView.js';
import { useWorkspace } from '../workspace-context.js';

/** The browser's IANA time zone, where a new department starts. @default 'UTC' when unknown */
function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** `#/team`: queues and agents, live conversations, departments, canned responses, webhooks. */
export function TeamArea() {
  const w = useWorkspace();
  const { state, client, online } = w;
  // The delivery log is fetched when a supervisor opens the Team view (and on Refresh).
  useEffect(() => {
    if (online) void client.webhooksLog();
  }, [online, client]);
  const live = [...inboxList(state, 'waiting'), ...inboxList(state, 'active')];
  return (
    <TeamView
      routing={state.routing}
      live={live}
      now={w.at}
      departmentName={w.departmentName}
      onReassign={(id, agentId) => client.assign(id, agentId)}
      onJoin={(id) => w.thenOpen(id, client.join(id))}
      departments={state.departments}
      canned={state.canned}
      localTimeZone={localTimeZone()}
      newId={w.newId}
      onSaveDepartment={(department) => client.save({ type: 'department.save', department })}
      onSaveCanned={(canned) => client.save({ type: 'canned.save', canned })}
      onDeleteCanned={(id) => client.save({ type: 'canned.delete', id })}
      webhooks={state.webhooks}
      onRefreshWebhooks={() => client.webhooksLog()}
    />
  );
}
