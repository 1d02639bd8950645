import { request as httpRequest } from 'node:http';
import type { ChatAck, ConversationEvents, ErrorFrame } from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  agentSocket,
  clientId,
  closeAllSockets,
  connected,
  framesOf,
  login,
  refusal,
  request,
  settle,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from './helpers/clients.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay({
    sites: [
      { id: 'demo', name: 'Fernhill Outfitters', origins: ['https://fernhill.example'] },
      { id: 'other', name: 'Other shop', origins: ['https://other.example'] },
    ],
    // A queue nobody serves: no routing events, so these tests count only what they cause.
    departments: [{ id: 'unstaffed', name: 'Unstaffed' }],
  });
});
afterEach(closeAllSockets);
afterAll(() => relay.close());

/** The number of events in a conversation, read by an agent. */
async function eventCount(conversationId: string): Promise<number> {
  const agent = await agentSession(relay.url);
  const log = await request<ConversationEvents>(agent.socket, {
    type: 'conversation.sync',
    conversationId,
    afterSeq: 0,
  });
  agent.socket.disconnect();
  return log.events.length;
}

/** A visitor with one message sent, so there is something that must stay unchanged. */
async function visitorWithConversation() {
  const session = await visitorSession(relay.url);
  const ack = await request<ChatAck>(session.socket, {
    type: 'chat.send',
    clientId: clientId(),
    text: 'Hi',
  });
  return { ...session, conversationId: ack.conversationId };
}

describe('bad frames get a typed error and change nothing', () => {
  it('malformed frame: BAD_FRAME with the field at fault, and the connection stays up', async () => {
    const { socket, conversationId } = await visitorWithConversation();
    const bad = await request<ErrorFrame>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 42,
    });
    expect(bad).toMatchObject({ type: 'error', code: 'BAD_FRAME', details: [{ path: 'text' }] });
    expect(await request(socket, 'not an object')).toMatchObject({ code: 'BAD_FRAME' });
    expect(await request(socket, { text: 'no type' })).toMatchObject({ code: 'BAD_FRAME' });
    expect(
      await request(socket, { type: 'chat.send', clientId: clientId(), text: '' }),
    ).toMatchObject({
      code: 'BAD_FRAME',
    });
    expect(socket.connected).toBe(true);
    expect(await eventCount(conversationId)).toBe(2);
    // Still usable.
    expect(
      await request(socket, { type: 'chat.send', clientId: clientId(), text: 'ok now' }),
    ).toMatchObject({
      type: 'chat.ack',
      seq: 3,
    });
  });

  it('unknown frame type or event name: UNKNOWN_TYPE', async () => {
    const { socket } = await visitorSession(relay.url);
    expect(await request(socket, { type: 'chat.delete', id: 'x' })).toMatchObject({
      type: 'error',
      code: 'UNKNOWN_TYPE',
    });
    // An agent-only frame from a visitor is unknown to the visitor decoder.
    expect(await request(socket, { type: 'agent.hello' })).toMatchObject({ code: 'UNKNOWN_TYPE' });
    const other = await socket
      .timeout(5_000)
      .emitWithAck('chat.send', { text: 'wrong event name' });
    expect(other).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
    // Without an ack, the error comes as a pushed frame.
    socket.emit('mystery');
    await waitForFrame(socket, (f) => f.type === 'error' && f.code === 'UNKNOWN_TYPE');
    socket.emit('frame', { type: 'nope' });
    await waitForFrame(socket, (f) => f.type === 'error' && f.code === 'UNKNOWN_TYPE');
    // A frame that needs no answer and succeeds (typing, without an ack) gets none.
    const { conversationId } = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'typing next',
    });
    socket.emit('frame', { type: 'chat.typing', conversationId, typing: true });
    await settle();
    expect(framesOf(socket).filter((f) => f.type === 'ok')).toEqual([]);
    expect(socket.connected).toBe(true);
  });

  it('oversized payload: PAYLOAD_TOO_LARGE, not a disconnect', async () => {
    const { socket, conversationId } = await visitorWithConversation();
    const huge = await request<ErrorFrame>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'x'.repeat(20 * 1024),
    });
    expect(huge).toMatchObject({ type: 'error', code: 'PAYLOAD_TOO_LARGE' });
    const long = await request<ErrorFrame>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'é'.repeat(5001),
    });
    expect(long).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(socket.connected).toBe(true);
    expect(await eventCount(conversationId)).toBe(2);
  });

  it('frames before hello: NO_SESSION', async () => {
    const socket = await connected(visitorSocket(relay.url));
    expect(
      await request(socket, { type: 'chat.send', clientId: clientId(), text: 'too early' }),
    ).toMatchObject({
      code: 'NO_SESSION',
    });
    // Nothing is pushed before hello either.
    await settle();
    expect(framesOf(socket)).toEqual([]);
  });

  it("another visitor's conversation: NOT_FOUND on sync and on chat.send", async () => {
    const owner = await visitorWithConversation();
    const intruder = await visitorSession(relay.url);
    expect(
      await request(intruder.socket, {
        type: 'conversation.sync',
        conversationId: owner.conversationId,
        afterSeq: 0,
      }),
    ).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(
      await request(intruder.socket, {
        type: 'chat.send',
        clientId: clientId(),
        text: 'let me in',
        conversationId: owner.conversationId,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await request(intruder.socket, {
        type: 'conversation.close',
        conversationId: owner.conversationId,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await request(intruder.socket, {
        type: 'chat.typing',
        conversationId: owner.conversationId,
        typing: true,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // Same answer as for a conversation that does not exist.
    expect(
      await request(intruder.socket, {
        type: 'conversation.sync',
        conversationId: 'cnv_nope',
        afterSeq: 0,
      }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await eventCount(owner.conversationId)).toBe(2);
    expect(framesOf(intruder.socket).filter((f) => f.type === 'conversation.event')).toEqual([]);
  });

  it('a resent clientId gets the same ack, and one message', async () => {
    const { socket, conversationId } = await visitorWithConversation();
    const id = clientId();
    const first = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: id,
      text: 'Twice?',
    });
    const again = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: id,
      text: 'Twice?',
    });
    expect(again).toEqual(first);
    expect(await eventCount(conversationId)).toBe(3);
    // Also for the first message, the one that created the conversation.
    const fresh = await visitorSession(relay.url);
    const opener = clientId();
    const a = await request<ChatAck>(fresh.socket, {
      type: 'chat.send',
      clientId: opener,
      text: 'New here',
    });
    const b = await request<ChatAck>(fresh.socket, {
      type: 'chat.send',
      clientId: opener,
      text: 'New here',
    });
    expect(b).toEqual(a);
    expect(await eventCount(a.conversationId)).toBe(2);
  });
});

describe('refused handshakes', () => {
  it('wrong protocol version: PROTOCOL_MISMATCH', async () => {
    const error = await refusal(visitorSocket(relay.url, { protocol: 999 }));
    expect(error.message).toBe('PROTOCOL_MISMATCH');
    expect(error.data).toMatchObject({ type: 'error', code: 'PROTOCOL_MISMATCH' });
    expect((await refusal(agentSocket(relay.url, { protocol: 0, token: 'x' }))).message).toBe(
      'PROTOCOL_MISMATCH',
    );
  });

  it('forged visitor token: INVALID_TOKEN, no new identity', async () => {
    const { welcome } = await visitorSession(relay.url);
    const [body] = welcome.token.split('.');
    const forged = `${body}.${'A'.repeat(43)}`;
    const error = await refusal(visitorSocket(relay.url, { token: forged }));
    expect(error.message).toBe('INVALID_TOKEN');
    expect(error.data).toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await refusal(visitorSocket(relay.url, { token: 'garbage' }))).message).toBe(
      'INVALID_TOKEN',
    );
  });

  it("another site's visitor token: INVALID_TOKEN; an unknown site: UNKNOWN_SITE", async () => {
    const { welcome } = await visitorSession(relay.url, { site: 'other' });
    expect(
      (await refusal(visitorSocket(relay.url, { site: 'demo', token: welcome.token }))).message,
    ).toBe('INVALID_TOKEN');
    const unknown = await refusal(visitorSocket(relay.url, { site: 'nope' }));
    expect(unknown.message).toBe('UNKNOWN_SITE');
    expect(unknown.data).toMatchObject({ code: 'UNKNOWN_SITE' });
  });

  it('foreign Origin: refused with FORBIDDEN_ORIGIN (HTTP 403) before any handshake', async () => {
    const socket = visitorSocket(relay.url, {
      transports: ['polling'],
      extraHeaders: { origin: 'https://evil.example' },
    });
    const error = await refusal(socket);
    // socket.io-client reports the status; the body is read below with a plain request.
    expect(error.description).toBe(403);

    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${relay.url}/socket.io/?EIO=4&transport=polling&site=demo`,
        { headers: { origin: 'https://evil.example' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(raw.status).toBe(403);
    expect(JSON.parse(raw.body)).toMatchObject({ message: 'FORBIDDEN_ORIGIN' });

    // An origin on the site's list, or the relay's own, is let in; another site's origin is not.
    await connected(
      visitorSocket(relay.url, {
        transports: ['polling'],
        extraHeaders: { origin: 'https://fernhill.example' },
      }),
    );
    const host = new URL(relay.url).host;
    await connected(
      visitorSocket(relay.url, {
        transports: ['polling'],
        extraHeaders: { origin: `http://${host}` },
      }),
    );
    await refusal(
      visitorSocket(relay.url, {
        transports: ['polling'],
        extraHeaders: { origin: 'https://other.example' },
      }),
    );
  });

  it("agents connect only from the relay's own origin", async () => {
    const { token } = await login(relay.url);
    const error = await refusal(
      agentSocket(relay.url, {
        token,
        query: { site: 'demo' },
        extraHeaders: { origin: 'https://fernhill.example' },
      }),
    );
    expect(error.message).toBe('FORBIDDEN_ORIGIN');
  });

  it('unauthenticated agent: UNAUTHORIZED; bad tokens: INVALID_TOKEN', async () => {
    const missing = await refusal(agentSocket(relay.url));
    expect(missing.message).toBe('UNAUTHORIZED');
    expect(missing.data).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    expect((await refusal(agentSocket(relay.url, { token: '' }))).message).toBe('UNAUTHORIZED');
    expect((await refusal(agentSocket(relay.url, { token: 'forged.token' }))).message).toBe(
      'INVALID_TOKEN',
    );
    // A visitor's token is not an agent's.
    const { welcome } = await visitorSession(relay.url);
    expect((await refusal(agentSocket(relay.url, { token: welcome.token }))).message).toBe(
      'INVALID_TOKEN',
    );
  });
});

describe('agent HTTP API', () => {
  const post = (
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => fetch(`${relay.url}/api/agent/login`, { method: 'POST', headers, body });

  it('bad login: 401 INVALID_CREDENTIALS', async () => {
    const response = await post(JSON.stringify({ email: 'agent@example.com', password: 'wrong' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' },
    });
    const unknown = await post(
      JSON.stringify({ email: 'nobody@example.com', password: 'switchboard-demo' }),
    );
    expect(unknown.status).toBe(401);
  });

  it('malformed and oversized bodies: 400 BAD_REQUEST, 413 PAYLOAD_TOO_LARGE', async () => {
    const invalid = await post(JSON.stringify({ email: 'agent@example.com' }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('password') },
    });
    const notJson = await post('{email');
    expect(notJson.status).toBe(400);
    const huge = await post(
      JSON.stringify({ email: 'agent@example.com', password: 'x'.repeat(20_000) }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('GET /api/agent/me needs a valid bearer token', async () => {
    const session = await login(relay.url);
    const me = await fetch(`${relay.url}/api/agent/me`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(session.agent);
    const none = await fetch(`${relay.url}/api/agent/me`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const bad = await fetch(`${relay.url}/api/agent/me`, {
      headers: { authorization: 'Bearer nope.nope' },
    });
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
  });
});
