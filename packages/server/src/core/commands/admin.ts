// Supervisor settings pushed to every console: departments and canned replies.
import { errorFrame } from '@switchboard/shared';
import { isTimeZone } from '../business-hours.js';
import type { Draft } from '../draft.js';
import type { DeleteCanned, SaveCanned, SaveDepartment } from '../types.js';
import { fail, isSupervisor, type Outcome, ok } from './outcome.js';

/** `department.save` (supervisors): stored, and pushed to every console. */
export function saveDepartment(draft: Draft, command: SaveDepartment): Outcome {
  if (!isSupervisor(draft, command.agent)) return fail('FORBIDDEN');
  const { department } = command;
  if (!isTimeZone(department.timeZone)) {
    return {
      frame: errorFrame('BAD_FRAME', `Unknown time zone "${department.timeZone}".`, [
        { path: 'department.timeZone', message: 'must be an IANA time zone' },
      ]),
    };
  }
  draft.departments.set(department.id, department);
  draft.writes.push({ type: 'write', write: { kind: 'department', department } });
  draft.sends.push({
    type: 'send',
    to: { kind: 'agents' },
    frame: { type: 'departments.changed', departments: [...draft.departments.values()] },
  });
  return ok;
}

/** `canned.save` and `canned.delete` (supervisors): stored, and the list pushed to every console. */
export function saveCanned(draft: Draft, command: SaveCanned | DeleteCanned): Outcome {
  if (!isSupervisor(draft, command.agent)) return fail('FORBIDDEN');
  if (command.type === 'canned.save') {
    draft.canned.set(command.canned.id, command.canned);
    draft.writes.push({
      type: 'write',
      write: { kind: 'canned.save', canned: command.canned },
    });
  } else {
    draft.canned.delete(command.id);
    draft.writes.push({ type: 'write', write: { kind: 'canned.delete', id: command.id } });
  }
  draft.sends.push({
    type: 'send',
    to: { kind: 'agents' },
    frame: { type: 'canned.changed', canned: [...draft.canned.values()] },
  });
  return ok;
}
