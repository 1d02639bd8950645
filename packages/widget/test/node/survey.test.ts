import type { SessionWelcome } from '@switchboard/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession, loadSessionFeatures, type Session } from '../../src/client/session.js';
import { createMemoryStorage } from '../../src/client/storage.js';
import { type ChatStore, createChatStore, loadStoreFeatures } from '../../src/store/chat-store.js';
import { surveysKey } from '../../src/store/survey.js';
import {
  AT,
  agentMessage,
  assigned,
  callbackView,
  closed,
  created,
  createFakeRelay,
  errorReply,
  type FakeRelay,
  settle,
  visitor,
  welcome,
} from '../fake-relay.js';

const visitorRef = { role: 'visitor' as const, id: visitor.id, name: visitor.name };

let relay: FakeRelay;
let session: Session;
let store: ChatStore;
let storage: ReturnType<typeof createMemoryStorage>;
const logger = { warn: vi.fn(), error: vi.fn() };

/** A welcome offering conversation c-1, closed after an agent answered. */
function closedChat(): SessionWelcome {
  return welcome({
    id: 'c-1',
    events: [created(), assigned(2), agentMessage(3, 'Done!'), closed(4)],
    status: 'closed',
  });
}

async function connect(frame: SessionWelcome) {
  session = createSession({
    transport: relay.transport,
    storage,
    siteId: 'demo',
    newId: () => 'id',
    context: () => ({}),
    logger,
  });
  store = createChatStore(session, undefined, { storage });
  session.start();
  relay.open();
  relay.take('session.hello').reply(frame);
  await settle();
}

beforeAll(async () => {
  await loadSessionFeatures();
  await loadStoreFeatures(); // the survey part of the store (prefetched at idle in the app)
});
beforeEach(() => {
  relay = createFakeRelay();
  storage = createMemoryStorage();
  logger.warn.mockClear();
});
afterEach(() => {
  store?.destroy();
  session?.stop();
});

describe('session.submitSurvey', () => {
  it('sends survey.submit for the conversation and resolves ok on `ok`', async () => {
    await connect(closedChat());
    const result = session.submitSurvey({ conversationId: 'c-1' }, { csat: 4 });
    await settle();
    const request = relay.take('survey.submit');
    expect(request.frame).toEqual({ type: 'survey.submit', conversationId: 'c-1', csat: 4 });
    request.reply({ type: 'ok' });
    expect(await result).toEqual({ ok: true });
  });

  it('gives back the refusal (NOT_RATEABLE) with its code', async () => {
    await connect(closedChat());
    const result = session.submitSurvey({ callbackId: 'cb-1' }, { ces: 2 });
    await settle();
    relay.take('survey.submit').reply(errorReply('NOT_RATEABLE'));
    expect(await result).toMatchObject({ ok: false, error: { code: 'NOT_RATEABLE' } });
  });

  it('keeps an answer given offline and sends it once connected again', async () => {
    await connect(closedChat());
    relay.drop();
    await settle();
    const result = session.submitSurvey({ conversationId: 'c-1' }, { csat: 5 });
    await settle();
    expect(relay.emitted.some((f) => f.type === 'survey.submit')).toBe(false);
    relay.open();
    relay.take('session.hello').reply(closedChat());
    await settle();
    relay.take('survey.submit').reply({ type: 'ok' });
    expect(await result).toEqual({ ok: true });
  });

  it('reports OFFLINE when the connection drops before the answer', async () => {
    await connect(closedChat());
    const result = session.submitSurvey({ conversationId: 'c-1' }, { csat: 1 });
    await settle();
    relay.drop();
    expect(await result).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });
});

describe('the survey in the store', () => {
  it('shows for a chat closed after an answer, not for one abandoned in the queue', async () => {
    await connect(closedChat());
    expect(store.getState().survey).toMatchObject({
      target: { conversationId: 'c-1' },
      step: 'csat',
      reference: null,
    });
    store.destroy();
    session.stop();

    relay = createFakeRelay();
    const abandoned = welcome({
      id: 'c-2',
      events: [
        created(),
        { type: 'conversation.closed', seq: 2, at: AT, by: visitorRef, reason: 'abandoned' },
      ],
      status: 'closed',
    });
    if (abandoned.conversation) abandoned.conversation.summary.closeReason = 'abandoned';
    await connect(abandoned);
    expect(store.getState().ended).toBe(true);
    expect(store.getState().survey).toBeNull();
  });

  it('walks CSAT → CES → comment → thanks, one frame per answer', async () => {
    await connect(closedChat());
    store.answerSurvey({ csat: 4 });
    expect(store.getState().survey?.step).toBe('ces');
    await settle();
    relay.take('survey.submit').reply({ type: 'ok' });
    store.answerSurvey({ ces: 7 });
    await settle();
    expect(relay.take('survey.submit').frame).toMatchObject({ ces: 7 });
    store.answerSurvey({});
    expect(store.getState().survey?.step).toBe('thanks');
    expect(relay.pending.some((r) => r.frame.type === 'survey.submit')).toBe(false);
  });

  it('keeps an answer that got no answer, and Retry sends it with the later ones', async () => {
    await connect(closedChat());
    store.answerSurvey({ csat: 2 });
    await settle();
    relay.take('survey.submit').reply(errorReply('INTERNAL'));
    await settle();
    expect(store.getState().survey).toMatchObject({ failed: true, step: 'ces' });
    store.answerSurvey({ ces: 3 });
    await settle();
    expect(relay.take('survey.submit').frame).toMatchObject({ csat: 2, ces: 3 });
  });

  it('remembers a dismissal per conversation in storage', async () => {
    await connect(closedChat());
    store.dismissSurvey();
    expect(store.getState().survey).toBeNull();
    expect(JSON.parse(storage.getItem(surveysKey('demo')) ?? '[]')).toEqual(['c:c-1']);
  });

  it('asks about a completed callback with surveyDue, not one already rated', async () => {
    await connect({
      ...welcome(null),
      callbacks: [
        callbackView({ id: 'cb-2', status: 'completed', updatedAt: AT + 1 }),
        callbackView({ status: 'completed', surveyDue: true }),
      ],
    });
    expect(store.getState().survey).toMatchObject({
      target: { callbackId: 'cb-1' },
      reference: 'CB-7K3Q',
    });
  });
});
