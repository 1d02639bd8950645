import { createHmac } from 'node:crypto';
import type {
  ChatAck,
  ConversationEvents,
  CustomerConversations,
  ErrorFrame,
  SessionWelcome,
} from '@switchboard/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSession,
  clientId,
  closeAllSockets,
  connected,
  request,
  visitorSession,
  visitorSocket,
  waitForFrame,
} from '../helpers/clients.js';
import { startRelay, type TestRelay } from '../helpers/relay.js';

afterEach(closeAllSockets);

const SECRET = 'shop-identity-secret-for-tests-0123456789';
const hashOf = (userId: string, secret = SECRET) =>
  createHmac('sha256', secret).update(userId).digest('hex');
/** Calling hours round the clock, so the test does not depend on when it runs. */
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));

describe('identity verification on a real relay', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay(
      {
        sites: [
          {
            id: 'shop',
            name: 'Shop',
            callback: { consentText: 'We may call you.', defaultCountry: 'DE', hours: ALWAYS },
          },
          { id: 'strict-shop', name: 'Strict', identity: { required: true } },
        ],
      },
      {
        env: {
          SWITCHBOARD_IDENTITY_SECRET_SHOP: SECRET,
          SWITCHBOARD_IDENTITY_SECRET_STRICT_SHOP: `${SECRET}-strict`,
        },
      },
    );
  });
  afterAll(() => relay.close());

  const shop = () => visitorSession(relay.url, { site: 'shop' });

  it('joins a verified user from any device; an unverified claim never reaches their history', async () => {
    // Device 1: signs in (verified), chats and asks for a callback.
    const first = await shop();
    const signedIn = await request<SessionWelcome>(first.socket, {
      type: 'visitor.identify',
      userId: 'u-1',
      userHash: hashOf('u-1'),
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(signedIn.type).toBe('session.welcome');
    expect(signedIn.visitor).toMatchObject({
      id: first.welcome.visitor.id,
      name: 'Ada Lovelace',
      userId: 'u-1',
      verified: true,
    });
    const ack = await request(first.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Where is my order?',
    });
    expect(ack.type).toBe('chat.ack');
    const conversationId = (ack as { conversationId: string }).conversationId;
    const callback = await request(first.socket, {
      type: 'callback.request',
      clientId: clientId(),
      name: 'Ada',
      phone: '+4930123456',
      window: null,
      consent: true,
    });
    expect(callback.type).toBe('callback.status');

    // Device 2: claims the same user id without a hash. Stored as a claim, joined to nothing.
    const intruder = await shop();
    const claimed = await request<SessionWelcome>(intruder.socket, {
      type: 'visitor.identify',
      userId: 'u-1',
      name: 'Not Ada',
    });
    expect(claimed.type).toBe('session.welcome');
    expect(claimed.visitor.id).toBe(intruder.welcome.visitor.id);
    expect(claimed.visitor).toMatchObject({ userId: 'u-1', verified: false });
    expect(claimed.visitor.id).not.toBe(first.welcome.visitor.id);
    expect(claimed.conversation).toBeNull();
    expect(claimed.callbacks ?? []).toEqual([]);
    expect(claimed.token).toBe(intruder.welcome.token);
    const sync = await request<ErrorFrame>(intruder.socket, {
      type: 'conversation.sync',
      conversationId,
      afterSeq: 0,
    });
    expect(sync).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    // A wrong hash is refused and changes nothing.
    const forged = await request<ErrorFrame>(intruder.socket, {
      type: 'visitor.identify',
      userId: 'u-1',
      userHash: hashOf('u-1', 'a-guessed-secret-that-is-long-enough-000'),
    });
    expect(forged).toMatchObject({ type: 'error', code: 'IDENTITY_REJECTED' });
    const after = await visitorSession(relay.url, { site: 'shop', token: intruder.welcome.token });
    expect(after.welcome.visitor.id).toBe(intruder.welcome.visitor.id);
    expect(after.welcome.conversation).toBeNull();

    // Device 3: signs in with the right hash: the same customer, history and callbacks included.
    const other = await shop();
    const joined = await request<SessionWelcome>(other.socket, {
      type: 'visitor.identify',
      userId: 'u-1',
      userHash: hashOf('u-1'),
    });
    expect(joined.visitor).toMatchObject({ id: first.welcome.visitor.id, verified: true });
    expect(joined.conversation?.summary.id).toBe(conversationId);
    expect(joined.callbacks).toHaveLength(1);
    expect(joined.token).not.toBe(other.welcome.token);
    // The new token is that customer's on the next visit.
    const back = await visitorSession(relay.url, { site: 'shop', token: joined.token });
    expect(back.welcome.visitor.id).toBe(first.welcome.visitor.id);

    // Agents: the customer's history follows the verified visitor only.
    const agent = await agentSession(relay.url);
    const history = await request<CustomerConversations>(agent.socket, {
      type: 'customer.history',
      visitorId: first.welcome.visitor.id,
    });
    expect(history.conversations.map((c) => c.id)).toEqual([conversationId]);
    const intruderHistory = await request<CustomerConversations>(agent.socket, {
      type: 'customer.history',
      visitorId: intruder.welcome.visitor.id,
    });
    expect(intruderHistory.conversations).toEqual([]);
  });

  it('logs visitor.updated for agents (redacted for the visitor) and merges attributes', async () => {
    const visitor = await shop();
    const ack = await request<ChatAck>(visitor.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Hello',
    });
    const agent = await agentSession(relay.url);
    const opened = await request<ConversationEvents>(agent.socket, {
      type: 'conversation.open',
      conversationId: ack.conversationId,
      afterSeq: 0,
    });
    expect(opened.type).toBe('conversation.events');
    const seen = waitForFrame(
      agent.socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'visitor.updated',
    );
    const redacted = waitForFrame(
      visitor.socket,
      (f) => f.type === 'conversation.event' && f.event.type === 'redacted',
    );
    expect(
      await request(visitor.socket, {
        type: 'visitor.update',
        name: 'Grace',
        attributes: { plan: 'pro', seats: 3 },
      }),
    ).toEqual({ type: 'ok' });
    expect(await seen).toMatchObject({
      event: { visitor: { name: 'Grace', attributes: { plan: 'pro', seats: 3 } } },
    });
    await redacted;
    expect(
      await request(visitor.socket, { type: 'visitor.update', attributes: { plan: null } }),
    ).toEqual({ type: 'ok' });
    const history = await request<CustomerConversations>(agent.socket, {
      type: 'customer.history',
      visitorId: visitor.welcome.visitor.id,
    });
    expect(history.conversations[0]?.visitor).toMatchObject({
      name: 'Grace',
      attributes: { seats: 3 },
    });
    expect(history.conversations[0]?.visitor.attributes).not.toHaveProperty('plan');
  });

  it('an identify and an update sent back to back both stick (the page calls identify then setAttributes)', async () => {
    const visitor = await shop();
    const identified = request<SessionWelcome>(visitor.socket, {
      type: 'visitor.identify',
      userId: 'u-race',
      userHash: hashOf('u-race'),
      name: 'Ada',
      email: 'ada@example.com',
    });
    const updated = request(visitor.socket, {
      type: 'visitor.update',
      attributes: { plan: 'pro' },
    });
    const [welcome, ok] = await Promise.all([identified, updated]);
    expect(welcome.type).toBe('session.welcome');
    expect(ok).toEqual({ type: 'ok' });
    // What is stored: another device of the same visitor is welcomed with the profile.
    const again = await visitorSession(relay.url, { site: 'shop', token: welcome.token });
    expect(again.welcome.visitor).toMatchObject({
      userId: 'u-race',
      verified: true,
      email: 'ada@example.com',
      name: 'Ada',
      attributes: { plan: 'pro' },
    });
  });

  it("moves an anonymous visitor's open chat to the verified customer who has none open", async () => {
    const owner = await shop();
    await request(owner.socket, {
      type: 'visitor.identify',
      userId: 'u-move',
      userHash: hashOf('u-move'),
    });
    const guest = await shop();
    const ack = await request<ChatAck>(guest.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Question before I sign in',
    });
    const joined = await request<SessionWelcome>(guest.socket, {
      type: 'visitor.identify',
      userId: 'u-move',
      userHash: hashOf('u-move'),
      resume: { conversationId: ack.conversationId, afterSeq: 2 },
    });
    expect(joined.visitor.id).toBe(owner.welcome.visitor.id);
    expect(joined.conversation?.summary.id).toBe(ack.conversationId);
    // Only what came after the resume point: the redacted visitor.updated.
    expect(joined.conversation?.events.map((e) => e.type)).toEqual(['redacted']);
    // The socket now follows the customer: a message lands in the moved conversation.
    const next = await request<ChatAck>(guest.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'Signed in now',
    });
    expect(next.conversationId).toBe(ack.conversationId);
  });

  it('refuses an unverified switch away from a verified user, and switches with a valid hash', async () => {
    const visitor = await shop();
    const a = await request<SessionWelcome>(visitor.socket, {
      type: 'visitor.identify',
      userId: 'u-a',
      userHash: hashOf('u-a'),
    });
    const refused = await request<ErrorFrame>(visitor.socket, {
      type: 'visitor.identify',
      userId: 'u-b',
    });
    expect(refused).toMatchObject({ type: 'error', code: 'IDENTITY_REJECTED' });
    const b = await request<SessionWelcome>(visitor.socket, {
      type: 'visitor.identify',
      userId: 'u-b',
      userHash: hashOf('u-b'),
    });
    expect(b.visitor).toMatchObject({ userId: 'u-b', verified: true });
    expect(b.visitor.id).not.toBe(a.visitor.id);
  });

  it('refuses a missing hash where required, and a hash where the site has no secret', async () => {
    const strict = await visitorSession(relay.url, { site: 'strict-shop' });
    expect(await request(strict.socket, { type: 'visitor.identify', userId: 'u-1' })).toMatchObject(
      { code: 'IDENTITY_REJECTED' },
    );
    expect(
      await request(strict.socket, {
        type: 'visitor.identify',
        userId: 'u-1',
        userHash: hashOf('u-1', `${SECRET}-strict`),
      }),
    ).toMatchObject({ type: 'session.welcome', visitor: { verified: true } });
  });

  it('rate-limits identify and update', async () => {
    const visitor = await shop();
    const answers = [];
    for (let i = 0; i < 25; i++) {
      answers.push(await request(visitor.socket, { type: 'visitor.update', name: `N${i}` }));
    }
    expect(answers.at(-1)).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    expect(answers[0]).toEqual({ type: 'ok' });
  });
});

describe('identity on a site without a secret', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ sites: [{ id: 'plain', name: 'Plain' }] }, { env: {} });
  });
  afterAll(() => relay.close());

  it('refuses any hash and keeps claims unverified', async () => {
    const socket = await connected(visitorSocket(relay.url, { site: 'plain' }));
    await request(socket, { type: 'session.hello' });
    expect(
      await request(socket, {
        type: 'visitor.identify',
        userId: 'u-1',
        userHash: hashOf('u-1'),
      }),
    ).toMatchObject({ code: 'IDENTITY_REJECTED' });
    expect(await request(socket, { type: 'visitor.identify', userId: 'u-1' })).toMatchObject({
      type: 'session.welcome',
      visitor: { userId: 'u-1', verified: false },
    });
  });
});
