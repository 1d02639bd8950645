import type { AgentStatus } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import type { CommandResult, TransferTarget } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { en } from '../../i18n/en.js';
import { isAvailable } from '../../store/selectors.js';
import { FormDialog } from '../common/Dialog.js';

/** Props of {@link TransferDialog}. */
export interface TransferDialogProps {
  /** `escalate` presets the dialog to the supervisors. */
  purpose: 'transfer' | 'escalate';
  departments: ReadonlyArray<{ id: string; name: string }>;
  /** Everyone else, from the routing snapshot (me excluded). */
  agents: readonly AgentStatus[];
  /** The conversation's current department, preselected. */
  departmentId: string | null;
  onSubmit(to: TransferTarget, note: string): Promise<CommandResult>;
  /** Closed: done, cancelled, or Escape. */
  onClose(): void;
}

/**
 * "Transfer conversation": to a department or to an agent (agents listed with presence and load;
 * those who cannot take it now are disabled), with a note for the next agent. A modal dialog:
 * focus starts inside, Escape cancels, the relay's refusal is shown in place.
 * @example <TransferDialog purpose="transfer" departments={deps} agents={others} ... />
 */
export function TransferDialog(props: TransferDialogProps) {
  const { purpose, departments } = props;
  const escalate = purpose === 'escalate';
  const agents = escalate ? props.agents.filter((a) => a.role === 'supervisor') : props.agents;
  const firstAvailable = agents.find(isAvailable)?.id ?? '';
  const [kind, setKind] = useState<'agent' | 'department'>(
    escalate || departments.length === 0 ? 'agent' : 'department',
  );
  const [departmentId, setDepartmentId] = useState(
    departments.find((d) => d.id !== props.departmentId)?.id ?? departments[0]?.id ?? '',
  );
  const [agentId, setAgentId] = useState(escalate ? firstAvailable : '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target: TransferTarget | null =
    kind === 'agent'
      ? agentId
        ? { kind: 'agent', agentId }
        : null
      : departmentId
        ? { kind: 'department', departmentId }
        : null;

  const submit = async () => {
    if (!target || busy) return;
    setBusy(true);
    setError(null);
    const result = await props.onSubmit(target, note);
    setBusy(false);
    if (result.ok) props.onClose();
    else setError(errorText(result));
  };

  return (
    <FormDialog
      titleId="transfer-title"
      title={en.transfer.title}
      hint={escalate ? en.transfer.escalateHint : undefined}
      error={error}
      initialFocus="input:checked, input, select"
      onClose={props.onClose}
      onSubmit={() => void submit()}
      cancelLabel={en.transfer.cancel}
      submitLabel={en.transfer.submit}
      submitDisabled={!target || busy}
    >
      <fieldset class="dialog__choice">
        <legend>{en.transfer.target}</legend>
        <label>
          <input
            type="radio"
            name="transfer-kind"
            checked={kind === 'department'}
            disabled={departments.length === 0}
            onChange={() => setKind('department')}
          />
          {en.transfer.toDepartment}
        </label>
        <label>
          <input
            type="radio"
            name="transfer-kind"
            checked={kind === 'agent'}
            onChange={() => setKind('agent')}
          />
          {en.transfer.toAgent}
        </label>
      </fieldset>
      {kind === 'department' ? (
        <label class="field">
          <span class="field__label">{en.transfer.department}</span>
          <select
            class="field__input"
            value={departmentId}
            onChange={(event) => setDepartmentId(event.currentTarget.value)}
          >
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <fieldset class="dialog__agents">
          <legend>{escalate ? en.transfer.supervisors : en.transfer.agents}</legend>
          {agents.length === 0 && <p class="dialog__hint">{en.transfer.noAgents}</p>}
          {agents.map((agent) => (
            <label
              key={agent.id}
              class={`dialog__agent${isAvailable(agent) ? '' : ' dialog__agent--unavailable'}`}
            >
              <input
                type="radio"
                name="transfer-agent"
                value={agent.id}
                checked={agentId === agent.id}
                disabled={!isAvailable(agent)}
                onChange={() => setAgentId(agent.id)}
              />
              <span class="dialog__agent-name">{agent.name}</span>
              <span class="dialog__agent-state">
                {en.transfer.agentState(
                  agent.connected ? en.topBar.presence[agent.presence] : en.transfer.disconnected,
                  agent.load,
                  agent.capacity,
                )}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label class="field">
        <span class="field__label">{en.transfer.note}</span>
        <textarea
          class="field__input dialog__note"
          rows={3}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </label>
    </FormDialog>
  );
}
