import { callbackGroups, doneToday, missingSkills } from '../../store/callbacks.js';
import { CallbacksView } from '../../views/callbacks/CallbacksView.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/callbacks`: the callbacks queue. */
export function CallbacksArea() {
  const { state, client, at, me, departmentName } = useWorkspace();
  return (
    <CallbacksView
      groups={callbackGroups(state)}
      done={doneToday(state, at)}
      now={at}
      agentId={me.id}
      missingSkills={(departmentId) => missingSkills(state, departmentId)}
      departmentName={departmentName}
      onClaim={(id) => client.claimCallback(id)}
      onRelease={(id) => client.releaseCallback(id)}
      onOutcome={(id, outcome, note, dispositionId) =>
        client.recordOutcome(id, outcome, note, dispositionId)
      }
      dispositions={state.quality.dispositions}
    />
  );
}
