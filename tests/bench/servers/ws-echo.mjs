// Baseline 2: a raw `ws` echo doing what the socket.io baseline does, over plain WebSocket JSON:
// `{ ack, frame }` from a visitor is answered `{ ack }` and forwarded to the paired agent.
import { createServer } from 'node:http';
import { serve, serverRequire } from './ipc.mjs';

const { WebSocketServer } = serverRequire('ws');

const httpServer = createServer();
const wss = new WebSocketServer({ server: httpServer, maxPayload: 1_000_000 });
const agents = new Map();
let forwarded = 0;
let visitors = 0;

wss.on('connection', (socket, req) => {
  const query = new URL(req.url ?? '/', 'http://bench').searchParams;
  const agent = Number(query.get('agent'));
  if (query.get('role') === 'agent') {
    agents.set(agent, socket);
    socket.on('close', () => {
      if (agents.get(agent) === socket) agents.delete(agent);
    });
    return;
  }
  visitors++;
  socket.on('close', () => visitors--);
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    socket.send(JSON.stringify({ ack: message.ack, frame: { type: 'chat.ack' } }));
    const to = agents.get(agent);
    if (to) {
      forwarded++;
      to.send(JSON.stringify({ frame: { type: 'conversation.event', event: message.frame } }));
    }
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address();
  serve({
    url: `ws://127.0.0.1:${port}`,
    stats: () => ({ forwarded, visitors }),
    stop: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => httpServer.close(() => resolve()));
      }),
  });
});
