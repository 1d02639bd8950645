import type {
  CallbackStatusFrame,
  ChatAck,
  ConversationEvent,
  ConversationEvents,
  ErrorFrame,
  ForecastFrame,
  KpiReport,
  QaReviews,
  SessionWelcome,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  type Frame,
  framesOf,
  request,
  visitorSession,
  waitForFrame,
} from '../helpers/clients.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

/** Calling hours round the clock, so the test does not depend on when it runs. */
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));
const SUPERVISOR = { email: 'supervisor@example.com', password: 'switchboard-demo' };
const TECH = { email: 'tech@example.com', password: 'switchboard-demo' };

type Socket = Awaited<ReturnType<typeof visitorSession>>['socket'];

describe('wrap-up and surveys on a real relay', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({
      sites: [
        {
          id: 'demo',
          name: 'Demo',
          defaultDepartmentId: 'orders',
          callback: { consentText: 'We may call you.', defaultCountry: 'DE', hours: ALWAYS },
        },
      ],
    });
  });
  afterAll(() => relay.close());

  /** A visitor writes, Maya answers (taking it), then closes: the closed conversation's id. */
  async function handledConversation(maya: Socket, visitor: Socket): Promise<string> {
    const ack = await request<ChatAck>(visitor, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Where is my parcel?',
    });
    const { conversationId } = ack;
    expect(
      await request(maya, {
        type: 'chat.send',
        conversationId,
        clientId: clientId(),
        text: 'On its way!',
      }),
    ).toMatchObject({ type: 'chat.ack' });
    expect(await request(maya, { type: 'conversation.close', conversationId })).toEqual({
      type: 'ok',
    });
    return conversationId;
  }

  it('sends the wrap-up codes, scorecard and target in the welcome', async () => {
    const maya = await agentSession(relay.url);
    expect(maya.welcome.dispositions?.map((d) => d.label)).toEqual([
      'Order status',
      'Return or refund',
      'Product question',
      'Technical issue',
      'Billing',
      'Complaint',
      'Other',
    ]);
    expect(maya.welcome.qaCriteria?.map((c) => c.id)).toEqual([
      'accuracy',
      'empathy',
      'compliance',
      'ownership',
    ]);
    expect(maya.welcome.serviceLevel).toEqual({ targetSec: 20, goal: 0.8 });
  });

  it('wraps up only after the close, by its agent or a supervisor, with a known code; the visitor sees it redacted', async () => {
    const maya = await agentSession(relay.url);
    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'My jacket has a broken zip',
    });
    const { conversationId } = ack;
    await request(maya.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Sorry to hear that!',
    });
    const wrapup = (fields: Record<string, unknown> = {}) => ({
      type: 'conversation.wrapup',
      conversationId,
      dispositionId: 'return-refund',
      resolved: true,
      ...fields,
    });
    expect(await request<ErrorFrame>(maya.socket, wrapup())).toMatchObject({
      type: 'error',
      code: 'CONVERSATION_OPEN',
    });
    await request(maya.socket, { type: 'conversation.close', conversationId });

    expect(
      await request<ErrorFrame>(maya.socket, wrapup({ dispositionId: 'made-up' })),
    ).toMatchObject({ code: 'UNKNOWN_DISPOSITION' });
    const jonas = await agentSession(relay.url, TECH);
    expect(await request<ErrorFrame>(jonas.socket, wrapup())).toMatchObject({ code: 'FORBIDDEN' });

    expect(await request(maya.socket, wrapup({ note: 'Sent a return label' }))).toEqual({
      type: 'ok',
    });
    const upsert = await waitForFrame(
      maya.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.wrapUp !== undefined,
    );
    expect(upsert).toMatchObject({
      conversation: {
        id: conversationId,
        wrapUp: { dispositionId: 'return-refund', resolved: true },
      },
    });
    // The visitor's copy of the log keeps its seq but not the wrap-up.
    const redacted = await waitForFrame(
      visitor.socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'redacted',
    );
    expect(JSON.stringify(redacted)).not.toContain('return-refund');

    // A supervisor may change it; the later one counts.
    const priya = await agentSession(relay.url, SUPERVISOR);
    expect(
      await request(priya.socket, wrapup({ dispositionId: 'complaint', resolved: false })),
    ).toEqual({ type: 'ok' });
    const opened = await request<ConversationEvents>(priya.socket, {
      type: 'conversation.open',
      conversationId,
      afterSeq: 0,
    });
    expect(opened.conversation.wrapUp).toMatchObject({
      dispositionId: 'complaint',
      resolved: false,
    });
    const wrapped = opened.events.filter(
      (e): e is Extract<ConversationEvent, { type: 'conversation.wrapped' }> =>
        e.type === 'conversation.wrapped',
    );
    expect(wrapped.map((e) => [e.by.name, e.dispositionId, e.note])).toEqual([
      ['Maya Chen', 'return-refund', 'Sent a return label'],
      ['Priya Shah', 'complaint', undefined],
    ]);
    // Sequence numbers stay contiguous after the close.
    expect(opened.events.map((e) => e.seq)).toEqual(opened.events.map((_, i) => i + 1));
  });

  it('takes a survey for a closed chat of yours, merging answers; refuses open, foreign and unknown ones', async () => {
    const maya = await agentSession(relay.url);
    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Do you ship to Norway?',
    });
    expect(
      await request<ErrorFrame>(visitor.socket, {
        type: 'survey.submit',
        conversationId: ack.conversationId,
        csat: 5,
      }),
    ).toMatchObject({ code: 'NOT_RATEABLE' });
    await request(maya.socket, {
      type: 'chat.send',
      conversationId: ack.conversationId,
      clientId: clientId(),
      text: 'We do!',
    });
    await request(visitor.socket, {
      type: 'conversation.close',
      conversationId: ack.conversationId,
    });

    expect(
      await request(visitor.socket, {
        type: 'survey.submit',
        conversationId: ack.conversationId,
        csat: 4,
      }),
    ).toEqual({ type: 'ok' });
    const seen = await waitForFrame(
      visitor.socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'survey.submitted',
    );
    expect(seen).toMatchObject({ event: { csat: 4 } });
    expect(
      await request(visitor.socket, {
        type: 'survey.submit',
        conversationId: ack.conversationId,
        ces: 6,
        comment: 'Quick and clear',
      }),
    ).toEqual({ type: 'ok' });
    const upsert = await waitForFrame(
      maya.socket,
      (f) => f.type === 'inbox.upsert' && f.conversation.survey?.ces !== undefined,
    );
    expect(upsert).toMatchObject({
      conversation: { survey: { csat: 4, ces: 6, comment: 'Quick and clear' } },
    });

    // Another visitor cannot rate it, nor anything that does not exist.
    const stranger = await visitorSession(relay.url);
    for (const conversationId of [ack.conversationId, 'cnv_nope']) {
      expect(
        await request<ErrorFrame>(stranger.socket, {
          type: 'survey.submit',
          conversationId,
          csat: 1,
        }),
      ).toMatchObject({ code: 'NOT_FOUND' });
    }
    // The visitor's welcome summary has the survey, never the wrap-up.
    await request(maya.socket, {
      type: 'conversation.wrapup',
      conversationId: ack.conversationId,
      dispositionId: 'other',
      resolved: true,
    });
    const again = await request<SessionWelcome>(visitor.socket, {
      type: 'session.hello',
      resume: { conversationId: ack.conversationId },
    });
    expect(JSON.stringify(again)).not.toContain('wrapUp');
  });

  it('rates a completed callback once: surveyDue until answered; the outcome carries a disposition', async () => {
    const maya = await agentSession(relay.url);
    const visitor = await visitorSession(relay.url);
    const asked = await request<CallbackStatusFrame>(visitor.socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: 'Ada Lovelace',
      phone: '030 12345678',
      window: null,
      consent: true,
    });
    const callbackId = asked.callback.id;
    expect(asked.callback.surveyDue).toBeUndefined();
    expect(
      await request<ErrorFrame>(visitor.socket, { type: 'survey.submit', callbackId, csat: 5 }),
    ).toMatchObject({ code: 'NOT_RATEABLE' });
    await request(maya.socket, { type: 'callback.claim', callbackId });
    expect(
      await request<ErrorFrame>(maya.socket, {
        type: 'callback.outcome',
        callbackId,
        outcome: 'resolved',
        dispositionId: 'nonsense',
      }),
    ).toMatchObject({ code: 'UNKNOWN_DISPOSITION' });
    expect(
      await request(maya.socket, {
        type: 'callback.outcome',
        callbackId,
        outcome: 'resolved',
        dispositionId: 'billing',
      }),
    ).toEqual({ type: 'ok' });
    const done = await waitForFrame<CallbackStatusFrame>(
      visitor.socket,
      (f) => f.type === 'callback.status' && f.callback.status === 'completed',
    );
    expect(done.callback.surveyDue).toBe(true);
    const completed = await waitForFrame(
      maya.socket,
      (f) => f.type === 'callback.upsert' && f.callback.status === 'completed',
    );
    expect(completed).toMatchObject({
      callback: { attempts: [{ outcome: 'resolved', dispositionId: 'billing' }] },
    });

    const stranger = await visitorSession(relay.url);
    expect(
      await request<ErrorFrame>(stranger.socket, { type: 'survey.submit', callbackId, csat: 1 }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await request(visitor.socket, { type: 'survey.submit', callbackId, csat: 2 })).toEqual({
      type: 'ok',
    });
    const rated = await waitForFrame<CallbackStatusFrame>(
      visitor.socket,
      (f) =>
        f.type === 'callback.status' &&
        f.callback.status === 'completed' &&
        f.callback.surveyDue === undefined,
    );
    expect(rated.callback.attempts).toBe(1);
    await request(visitor.socket, { type: 'survey.submit', callbackId, ces: 3 });
    const merged = await waitForFrame(
      maya.socket,
      (f) => f.type === 'callback.upsert' && f.callback.survey?.ces !== undefined,
    );
    expect(merged).toMatchObject({ callback: { survey: { csat: 2, ces: 3 } } });
  });

  it('refuses a survey with both ids or no answer', async () => {
    const maya = await agentSession(relay.url);
    const visitor = await visitorSession(relay.url);
    const conversationId = await handledConversation(maya.socket, visitor.socket);
    expect(
      await request<ErrorFrame>(visitor.socket, {
        type: 'survey.submit',
        conversationId,
        callbackId: 'cb_x',
        csat: 3,
      }),
    ).toMatchObject({ type: 'error' });
    expect(
      await request<ErrorFrame>(visitor.socket, { type: 'survey.submit', conversationId }),
    ).toMatchObject({ type: 'error' });
  });
});

describe('KPIs, wallboard, forecast and QA on a real relay', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ timeZone: 'Europe/Berlin' });
  });
  afterAll(() => relay.close());

  it('a wrapped-up, rated chat moves the report and the supervisors’ wallboard; agents only see their own', async () => {
    const priya = await agentSession(relay.url, SUPERVISOR);
    expect(priya.welcome.wallboard?.today.contacts).toBe(0);
    const maya = await agentSession(relay.url);
    expect(maya.welcome.wallboard).toBeUndefined();
    const from = Date.now() - 60_000;

    const visitor = await visitorSession(relay.url);
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Can I change my delivery address?',
    });
    const { conversationId } = ack;
    await request(maya.socket, {
      type: 'chat.send',
      conversationId,
      clientId: clientId(),
      text: 'Sure, which one?',
    });
    await request(maya.socket, { type: 'conversation.close', conversationId });
    await request(maya.socket, {
      type: 'conversation.wrapup',
      conversationId,
      dispositionId: 'order-status',
      resolved: true,
    });
    await request(visitor.socket, { type: 'survey.submit', conversationId, csat: 5, ces: 7 });

    const update = await waitForFrame<Extract<Frame, { type: 'wallboard.update' }>>(
      priya.socket,
      (f) => f.type === 'wallboard.update' && f.data.today.csatResponses === 1,
      6_000,
    );
    expect(update.data.today).toMatchObject({ contacts: 1, answered: 1, csat: 1, ces: 7 });
    expect(framesOf(maya.socket).some((f) => f.type === 'wallboard.update')).toBe(false);

    const report = await request<KpiReport>(priya.socket, {
      type: 'kpi.get',
      from,
      to: Date.now() + 1,
      bucket: 'hour',
    });
    expect(report.type).toBe('kpi.report');
    expect(report.totals).toMatchObject({ contacts: 1, answered: 1, csatResponses: 1 });
    expect(report.agents.map((a) => a.agent.name)).toEqual(['Maya Chen']);
    expect(report.departments.map((d) => d.name)).toEqual(['Orders']);

    // Jonas asks for Maya's numbers: he gets his own (none).
    const jonas = await agentSession(relay.url, TECH);
    const mine = await request<KpiReport>(jonas.socket, {
      type: 'kpi.get',
      from,
      to: Date.now() + 1,
      agentId: maya.welcome.agent.id,
    });
    expect(mine.totals.contacts).toBe(0);

    // A report covers at most 366 days, as the CSV export does.
    const day = 86_400_000;
    expect(
      await request<ErrorFrame>(priya.socket, { type: 'kpi.get', from: 0, to: 367 * day }),
    ).toMatchObject({ code: 'BAD_FRAME', details: [{ path: 'to' }] });
    expect(
      await request<KpiReport>(priya.socket, { type: 'kpi.get', from: 0, to: 366 * day }),
    ).toMatchObject({ type: 'kpi.report' });

    // QA: every criterion, closed conversations, supervisors only; roll-up per agent.
    const review = (scores: Record<string, number>) => ({
      type: 'qa.review.save',
      conversationId,
      scores,
      comment: 'Good ownership; confirm the address back next time.',
    });
    const full = { accuracy: 4, empathy: 5, compliance: 3, ownership: 4 };
    expect(await request<ErrorFrame>(maya.socket, review(full))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await request<ErrorFrame>(priya.socket, review({ accuracy: 4 }))).toMatchObject({
      code: 'BAD_FRAME',
    });
    expect(await request(priya.socket, review(full))).toEqual({ type: 'ok' });
    expect(await request(priya.socket, review({ ...full, compliance: 5 }))).toEqual({ type: 'ok' });
    const reviews = await request<QaReviews>(maya.socket, { type: 'qa.reviews.get' });
    expect(reviews.reviews).toHaveLength(1);
    expect(reviews.rollup).toEqual([
      {
        agent: { id: maya.welcome.agent.id, name: 'Maya Chen' },
        reviews: 1,
        average: 4.5,
        byCriterion: { accuracy: 4, empathy: 5, compliance: 5, ownership: 4 },
      },
    ]);
    const others = await request<QaReviews>(jonas.socket, {
      type: 'qa.reviews.get',
      agentId: maya.welcome.agent.id,
    });
    expect(others.reviews).toEqual([]);

    const open = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'One more thing',
    });
    expect(
      await request<ErrorFrame>(priya.socket, {
        ...review(full),
        conversationId: open.conversationId,
      }),
    ).toMatchObject({ code: 'CONVERSATION_OPEN' });
  });

  it('forecasts a department by hour of the week with the saved staffing plan', async () => {
    const priya = await agentSession(relay.url, SUPERVISOR);
    const before = await request<ForecastFrame>(priya.socket, {
      type: 'forecast.get',
      departmentId: 'orders',
      weeks: 1,
    });
    expect(before.type).toBe('forecast');
    expect(before.hours).toHaveLength(168);
    // No plan saved: the department's three agents in every hour (it is always open).
    expect(new Set(before.hours.map((h) => h.scheduled))).toEqual(new Set([3]));

    const scheduled = Array.from({ length: 168 }, (_, i) => (i % 24 >= 9 && i % 24 < 17 ? 2 : 0));
    expect(
      await request(priya.socket, { type: 'staffing.save', departmentId: 'orders', scheduled }),
    ).toEqual({ type: 'ok' });
    const after = await request<ForecastFrame>(priya.socket, {
      type: 'forecast.get',
      departmentId: 'orders',
    });
    expect(after.hours.map((h) => h.scheduled)).toEqual(scheduled);
    expect(after.hours[0]).toMatchObject({ day: 0, hour: 0 });

    expect(
      await request<ErrorFrame>(priya.socket, { type: 'forecast.get', departmentId: 'nope' }),
    ).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' });
    const maya = await agentSession(relay.url);
    expect(
      await request<ErrorFrame>(maya.socket, {
        type: 'staffing.save',
        departmentId: 'orders',
        scheduled,
      }),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });
});
