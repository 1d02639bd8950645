// The simulated visitors and agents, one shape for the three servers:
//   openAgent(k, onDelivered) -> { close() }       onDelivered(clientId) for each visitor message
//   openVisitor(i, k)         -> { send(clientId, text) -> Promise<ack frame>, close() }
// Visitor i is paired with agent k (the baselines forward to it; the relay routes by itself).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION } from '@switchboard/shared';
import { io } from 'socket.io-client';

const serverRequire = createRequire(
  fileURLToPath(new URL('../../../packages/server/package.json', import.meta.url)),
);
const WebSocket = serverRequire('ws');

const ACK_TIMEOUT_MS = 30_000;
const SOCKET_OPTIONS = { forceNew: true, reconnection: false, transports: ['websocket'] };

function connected(socket, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const ask = (socket, frame) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('frame', frame);

// ----- the relay -------------------------------------------------------------------------------

/** Visitors and agents of the real relay (site `bench`), as the widget and console talk to it. */
export function relayClients(url, password) {
  return {
    async openAgent(k, onDelivered) {
      const response = await fetch(`${url}/api/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `agent-${k}@bench.example`, password }),
      });
      if (!response.ok) throw new Error(`login ${k}: ${response.status} ${await response.text()}`);
      const { token, agent } = await response.json();
      const socket = await connected(
        io(`${url}/agent`, { auth: { protocol: PROTOCOL_VERSION, token }, ...SOCKET_OPTIONS }),
      );
      const opened = new Set();
      /** Conversations assigned to this agent and opened (followed), by id. */
      const following = new Set();
      socket.on('frame', (frame) => {
        if (frame.type === 'conversation.event') {
          const { event } = frame;
          if (event.type === 'message.created' && event.author.role === 'visitor') {
            onDelivered(event.clientId);
          }
          return;
        }
        if (frame.type !== 'inbox.upsert') return;
        const { conversation } = frame;
        if (conversation.agent?.id !== agent.id || conversation.status !== 'active') return;
        if (opened.has(conversation.id)) return;
        opened.add(conversation.id);
        // Follow it from its current end: what came before is warm-up.
        ask(socket, {
          type: 'conversation.open',
          conversationId: conversation.id,
          afterSeq: conversation.lastSeq,
        }).then(
          (answer) => {
            if (answer.type === 'conversation.events') following.add(conversation.id);
          },
          () => undefined,
        );
      });
      const welcome = await ask(socket, { type: 'agent.hello' });
      if (welcome.type !== 'agent.welcome')
        throw new Error(`agent.hello: ${JSON.stringify(welcome)}`);
      return {
        socket,
        id: agent.id,
        following,
        setPresence: (presence) => ask(socket, { type: 'presence.set', presence }),
        close: () => socket.disconnect(),
      };
    },
    async openVisitor() {
      const socket = await connected(
        io(`${url}/visitor`, {
          query: { site: 'bench' },
          auth: { protocol: PROTOCOL_VERSION },
          ...SOCKET_OPTIONS,
        }),
      );
      const welcome = await ask(socket, { type: 'session.hello' });
      if (welcome.type !== 'session.welcome') throw new Error(`hello: ${JSON.stringify(welcome)}`);
      let conversationId;
      return {
        socket,
        get conversationId() {
          return conversationId;
        },
        async send(clientId, text) {
          const ack = await ask(socket, {
            type: 'chat.send',
            clientId,
            text,
            ...(conversationId ? { conversationId } : {}),
          });
          if (ack.type === 'chat.ack') conversationId = ack.conversationId;
          return ack;
        },
        close: () => socket.disconnect(),
      };
    },
  };
}

// ----- baseline 1: bare socket.io ---------------------------------------------------------------

/** The bare socket.io echo: the same client library, namespaces and frame event as the relay. */
export function socketIoClients(url) {
  return {
    async openAgent(k, onDelivered) {
      const socket = await connected(io(`${url}/agent`, { auth: { agent: k }, ...SOCKET_OPTIONS }));
      socket.on('frame', (frame) => {
        if (frame.type === 'conversation.event') onDelivered(frame.event.clientId);
      });
      return { socket, close: () => socket.disconnect() };
    },
    async openVisitor(_i, k) {
      const socket = await connected(
        io(`${url}/visitor`, { query: { site: 'bench' }, auth: { agent: k }, ...SOCKET_OPTIONS }),
      );
      return {
        socket,
        send: (clientId, text) => ask(socket, { type: 'chat.send', clientId, text }),
        close: () => socket.disconnect(),
      };
    },
  };
}

// ----- baseline 2: raw ws -----------------------------------------------------------------------

function openWs(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error('connect timed out')), 30_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The raw ws echo: JSON messages, acks matched by a counter. */
export function wsClients(url) {
  return {
    async openAgent(k, onDelivered) {
      const socket = await openWs(`${url}/?role=agent&agent=${k}`);
      socket.on('message', (data) => {
        const { frame } = JSON.parse(String(data));
        if (frame?.type === 'conversation.event') onDelivered(frame.event.clientId);
      });
      return { socket, close: () => socket.close() };
    },
    async openVisitor(_i, k) {
      const socket = await openWs(`${url}/?role=visitor&agent=${k}`);
      let nextAck = 0;
      const pending = new Map();
      socket.on('message', (data) => {
        const { ack, frame } = JSON.parse(String(data));
        const waiter = pending.get(ack);
        if (!waiter) return;
        pending.delete(ack);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      });
      return {
        socket,
        send: (clientId, text) =>
          new Promise((resolve, reject) => {
            const ack = ++nextAck;
            const timer = setTimeout(() => {
              pending.delete(ack);
              reject(new Error('ack timed out'));
            }, ACK_TIMEOUT_MS);
            pending.set(ack, { resolve, timer });
            socket.send(JSON.stringify({ ack, frame: { type: 'chat.send', clientId, text } }));
          }),
        close: () => socket.close(),
      };
    },
  };
}
