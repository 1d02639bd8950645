import { type AgentToServer, decodeAgentToServer } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import type { AgentActor, Command } from '../../src/core/types.js';
import { REPORT_MAX_DAYS } from '../../src/policy/report-range.js';
import {
  type AgentFrame,
  agentCommand,
  agentCommands,
  type CommandFrameType,
  metricsRangeError,
  reportRangeError,
} from '../../src/transport/agent/commands.js';

const agent: AgentActor = { role: 'agent', id: 'agt_1', name: 'Bo' };
const DAY = 86_400_000;

/** A frame as a console sends it, checked against the protocol first. */
function frame<T extends AgentToServer>(raw: T): T {
  const decoded = decodeAgentToServer(raw);
  if (!decoded.ok) throw new Error(`not an agent frame: ${JSON.stringify(decoded.error)}`);
  return decoded.value as T;
}

const department = {
  id: 'sales',
  name: 'Sales',
  skills: [],
  agentIds: ['agt_1'],
  timeZone: 'Europe/Berlin',
  hours: [],
  holidays: [],
  strategy: 'least-busy',
  offerTimeoutSec: 30,
  autoAccept: false,
};
const canned = { id: 'hi', shortcut: 'hi', title: 'Hello', text: 'Hello there' };

/** Each row: a frame the console sends, and the command the engine gets (key order as stored). */
const rows: Array<[AgentFrame<CommandFrameType>, Command, { decode?: false }?]> = [
  [
    { type: 'chat.send', conversationId: 'cnv_1', clientId: 'c1', text: 'Hi' },
    { type: 'agent.message', agent, conversationId: 'cnv_1', clientId: 'c1', text: 'Hi' },
  ],
  [
    { type: 'chat.typing', conversationId: 'cnv_1', typing: false },
    { type: 'typing', by: agent, conversationId: 'cnv_1', typing: false },
  ],
  [
    { type: 'conversation.close', conversationId: 'cnv_1' },
    { type: 'conversation.close', by: agent, conversationId: 'cnv_1' },
  ],
  [
    { type: 'presence.set', presence: 'away' },
    { type: 'presence.set', agent, presence: 'away' },
  ],
  [
    { type: 'offer.accept', conversationId: 'cnv_1' },
    { type: 'offer.accept', agent, conversationId: 'cnv_1' },
  ],
  [
    { type: 'offer.decline', conversationId: 'cnv_1' },
    { type: 'offer.decline', agent, conversationId: 'cnv_1' },
  ],
  [
    { type: 'conversation.assign', conversationId: 'cnv_1', agentId: 'agt_2' },
    { type: 'conversation.assign', agent, conversationId: 'cnv_1', agentId: 'agt_2' },
  ],
  [
    {
      type: 'conversation.transfer',
      conversationId: 'cnv_1',
      to: { kind: 'department', departmentId: 'sales' },
      note: 'billing question',
    },
    {
      type: 'conversation.transfer',
      agent,
      conversationId: 'cnv_1',
      to: { kind: 'department', departmentId: 'sales' },
      note: 'billing question',
    },
  ],
  [
    // An empty note is left out.
    {
      type: 'conversation.transfer',
      conversationId: 'cnv_1',
      to: { kind: 'agent', agentId: 'agt_2' },
      note: '',
    },
    {
      type: 'conversation.transfer',
      agent,
      conversationId: 'cnv_1',
      to: { kind: 'agent', agentId: 'agt_2' },
    },
  ],
  [
    { type: 'conversation.join', conversationId: 'cnv_1' },
    { type: 'conversation.join', agent, conversationId: 'cnv_1' },
  ],
  [
    { type: 'note.send', conversationId: 'cnv_1', clientId: 'n1', kind: 'whisper', text: 'VIP' },
    {
      type: 'note.send',
      agent,
      conversationId: 'cnv_1',
      clientId: 'n1',
      kind: 'whisper',
      text: 'VIP',
    },
  ],
  [
    { type: 'callback.claim', callbackId: 'cb_1' },
    { type: 'callback.claim', agent, callbackId: 'cb_1' },
  ],
  [
    { type: 'callback.release', callbackId: 'cb_1' },
    { type: 'callback.release', agent, callbackId: 'cb_1' },
  ],
  [
    {
      type: 'callback.outcome',
      callbackId: 'cb_1',
      outcome: 'resolved',
      note: 'done',
      dispositionId: 'sale',
    },
    {
      type: 'callback.outcome',
      agent,
      callbackId: 'cb_1',
      outcome: 'resolved',
      note: 'done',
      dispositionId: 'sale',
    },
  ],
  [
    { type: 'callback.outcome', callbackId: 'cb_1', outcome: 'no_answer' },
    { type: 'callback.outcome', agent, callbackId: 'cb_1', outcome: 'no_answer' },
  ],
  [
    { type: 'callback.create', conversationId: 'cnv_1' },
    { type: 'callback.create', agent, conversationId: 'cnv_1' },
  ],
  [
    {
      type: 'conversation.wrapup',
      conversationId: 'cnv_1',
      dispositionId: 'sale',
      resolved: true,
      note: 'ok',
    },
    {
      type: 'conversation.wrapup',
      agent,
      conversationId: 'cnv_1',
      dispositionId: 'sale',
      resolved: true,
      note: 'ok',
    },
  ],
  [
    { type: 'department.save', department } as AgentFrame<'department.save'>,
    { type: 'department.save', agent, department } as Command,
    { decode: false },
  ],
  [
    { type: 'canned.save', canned },
    { type: 'canned.save', agent, canned },
  ],
  [
    { type: 'canned.delete', id: 'hi' },
    { type: 'canned.delete', agent, id: 'hi' },
  ],
];

describe('agent frame -> engine command', () => {
  it.each(rows.map((row) => [row[0].type, ...row] as const))(
    '%s',
    (_type, raw, command, options) => {
      const sent = options?.decode === false ? raw : frame(raw);
      const built = agentCommand(sent, agent);
      expect(built).toEqual(command);
      expect(JSON.stringify(built)).toBe(JSON.stringify(command));
    },
  );

  it('has a row for every frame that is one engine command', () => {
    const covered = new Set(rows.map(([raw]) => raw.type));
    expect(
      Object.keys(agentCommands).filter((type) => !covered.has(type as CommandFrameType)),
    ).toEqual([]);
  });
});

describe('kpi.get: the report range', () => {
  const cases: Array<[string, number, number, boolean]> = [
    ['a day', 0, DAY, false],
    ['exactly the most days', 0, REPORT_MAX_DAYS * DAY, false],
    ['a millisecond more', 0, REPORT_MAX_DAYS * DAY + 1, true],
  ];
  it.each(cases)('%s', (_name, from, to, refused) => {
    const error = reportRangeError(frame({ type: 'kpi.get', from, to }));
    if (!refused) return expect(error).toBeNull();
    expect(error).toEqual({
      type: 'error',
      code: 'BAD_FRAME',
      message: `A report covers at most ${REPORT_MAX_DAYS} days.`,
      details: [{ path: 'to', message: `must be at most ${REPORT_MAX_DAYS} days after from` }],
    });
  });
});

describe('faq.metrics.get: the range asked', () => {
  const cases: Array<[string, { from?: number; to?: number }, string[]]> = [
    ['no range', {}, []],
    ['whole milliseconds', { from: 0, to: DAY }, []],
    ['a fraction', { from: 1.5 }, ['from']],
    ['negative and fraction', { from: -1, to: 2.5 }, ['from', 'to']],
  ];
  it.each(cases)('%s', (_name, range, wrong) => {
    const error = metricsRangeError(frame({ type: 'faq.metrics.get', ...range }));
    if (wrong.length === 0) return expect(error).toBeNull();
    expect(error).toEqual({
      type: 'error',
      code: 'BAD_FRAME',
      message: '"faq.metrics.get" is malformed.',
      details: wrong.map((path) => ({ path, message: 'must be a whole number, at least 0' })),
    });
  });
});
