import type { ChatAck, ConversationEventFrame, ErrorFrame } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseUrl,
  type PostgresServer,
  startPostgres,
} from '../../packages/server/test/helpers/postgres.js';
import {
  agentSession,
  clientId,
  closeAllSockets,
  framesOf,
  request,
  settle,
  visitorSession,
  visitorSocket,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

// A relay on PostgreSQL whose database goes away and comes back: clients get the typed,
// retryable UNAVAILABLE (never a silent loss, never a crash), and the relay carries on after.
// Its own PostgreSQL (commits kept across the stop, as a real server's are), not the run's.

let server: PostgresServer;
let relay: TestRelay;
beforeAll(async () => {
  server = await startPostgres({ keepCommits: true });
  relay = await startRelay({ storage: { url: await freshDatabaseUrl(server.url) } });
}, 60_000);
afterAll(async () => {
  closeAllSockets();
  await relay?.close();
  await server?.destroy();
});

const messagesIn = (frames: ReturnType<typeof framesOf>, conversationId: string) =>
  frames.flatMap((f) =>
    f.type === 'conversation.event' &&
    (f as ConversationEventFrame).conversationId === conversationId &&
    (f as ConversationEventFrame).event.type === 'message.created'
      ? [(f as ConversationEventFrame).event]
      : [],
  );

describe('PostgreSQL out of reach while the relay runs', () => {
  it('answers UNAVAILABLE while it is down, stores each resend once when it is back', async () => {
    const visitor = await visitorSession(relay.url);
    const agent = await agentSession(relay.url);
    const first = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Is the Ridgeline tent waterproof?',
    });
    expect(first.type).toBe('chat.ack');
    const conversationId = first.conversationId;
    await request(agent.socket, { type: 'conversation.open', conversationId, afterSeq: 0 });

    await server.stop();
    const lost = clientId();
    const refused = await request<ErrorFrame>(visitor.socket, {
      type: 'chat.send',
      conversationId,
      clientId: lost,
      text: 'Hello? Anyone there?',
    });
    expect(refused).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    expect(refused.message).toMatch(/try again/i);
    // A new visitor cannot be written either: refused at hello with the same retryable code.
    const stranger = visitorSocket(relay.url);
    const strangerHello = await new Promise<unknown>((resolve) => {
      stranger.once('connect', () =>
        stranger.emit('frame', { type: 'session.hello' }, (answer: unknown) => resolve(answer)),
      );
      stranger.once('connect_error', (error: { data?: unknown }) => resolve(error.data));
    });
    expect(strangerHello).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
    // The relay process is alive and answers HTTP.
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);

    await server.start();
    // The widget resends with the same clientId: stored once, pushed to the agent once.
    const again = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      conversationId,
      clientId: lost,
      text: 'Hello? Anyone there?',
    });
    expect(again).toMatchObject({ type: 'chat.ack', clientId: lost, conversationId });
    const twice = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      conversationId,
      clientId: lost,
      text: 'Hello? Anyone there?',
    });
    expect(twice).toEqual(again);
    await settle(300);
    const seen = messagesIn(framesOf(agent.socket), conversationId);
    expect(seen.filter((e) => e.type === 'message.created' && e.clientId === lost)).toHaveLength(1);
    // And the relay carries on: a new visitor is welcomed again.
    const next = await visitorSession(relay.url);
    expect(next.welcome.visitor.id).toMatch(/\S/);
  }, 60_000);
});
