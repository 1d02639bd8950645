// Baseline 1: a bare socket.io echo, relay-shaped. The same socket.io and ws as the relay, the same
// server options where they matter (namespaces, wsEngine, maxHttpBufferSize). A visitor socket
// emits `frame` with an ack; the server acks it and forwards it to the agent socket paired with
// that visitor. No storage, no routing, no validation.
import { createServer } from 'node:http';
import { serve, serverRequire } from './ipc.mjs';

const { Server } = serverRequire('socket.io');
const { WebSocketServer } = serverRequire('ws');

const httpServer = createServer();
const io = new Server(httpServer, {
  wsEngine: WebSocketServer,
  maxHttpBufferSize: 256 * 1_024,
  serveClient: false,
});
/** Agent sockets by their index; each visitor names the agent it is paired with. */
const agents = new Map();
let forwarded = 0;

io.of('/agent').on('connection', (socket) => {
  const index = Number(socket.handshake.auth?.agent);
  agents.set(index, socket);
  socket.on('disconnect', () => {
    if (agents.get(index) === socket) agents.delete(index);
  });
});

io.of('/visitor').on('connection', (socket) => {
  const agent = Number(socket.handshake.auth?.agent);
  socket.on('frame', (frame, ack) => {
    if (typeof ack === 'function') ack({ type: 'chat.ack', clientId: frame?.clientId });
    const to = agents.get(agent);
    if (to) {
      forwarded++;
      to.emit('frame', { type: 'conversation.event', event: frame });
    }
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address();
  serve({
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ forwarded, visitors: io.of('/visitor').sockets.size }),
    stop: () => new Promise((resolve) => io.close(() => resolve())),
  });
});
