// Baseline 2, the floor under the relay: the socket.io echo of `socketio-echo.mjs` plus one
// durable write per message, the least a relay that acknowledges only what it stored can do. Each
// frame is appended as one row (conversation, seq, JSON) to a SQLite file in WAL mode with
// `synchronous = FULL`, the relay's settings; frames that arrive in the same event-loop turn share
// one transaction (the relay's group commit), and each is acked and forwarded only after its
// commit. No validation, routing, summaries, dedup or limits: what the relay spends above this
// row is the relay's own cost. Options come as JSON in BENCH_DURABLE: { dataDir }.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { serve, serverRequire } from './ipc.mjs';

const { Server } = serverRequire('socket.io');
const { WebSocketServer } = serverRequire('ws');
const Database = serverRequire('better-sqlite3');

const { dataDir } = JSON.parse(process.env.BENCH_DURABLE ?? '{}');
const db = new Database(join(dataDir, 'durable.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE events (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID`);
const insert = db.prepare('INSERT INTO events (conversation_id, seq, data) VALUES (?, ?, ?)');
const writeAll = db.transaction((rows) => {
  for (const row of rows) insert.run(row.conversation, row.seq, row.data);
});

const httpServer = createServer();
const io = new Server(httpServer, {
  wsEngine: WebSocketServer,
  maxHttpBufferSize: 256 * 1_024,
  serveClient: false,
});
const agents = new Map();
let forwarded = 0;
let visitors = 0;
/** Frames waiting for the turn's commit. */
let waiting = [];

function commit() {
  const rows = waiting;
  waiting = [];
  writeAll(rows);
  for (const row of rows) {
    row.ack?.({ type: 'chat.ack', clientId: row.frame?.clientId, seq: row.seq });
    const to = agents.get(row.agent);
    if (to) {
      forwarded++;
      to.emit('frame', { type: 'conversation.event', event: row.frame });
    }
  }
}

io.of('/agent').on('connection', (socket) => {
  const index = Number(socket.handshake.auth?.agent);
  agents.set(index, socket);
  socket.on('disconnect', () => {
    if (agents.get(index) === socket) agents.delete(index);
  });
});

io.of('/visitor').on('connection', (socket) => {
  const agent = Number(socket.handshake.auth?.agent);
  const conversation = `c${++visitors}`;
  let seq = 0;
  socket.on('frame', (frame, ack) => {
    if (waiting.length === 0) setImmediate(commit);
    seq++;
    waiting.push({ conversation, seq, data: JSON.stringify(frame), frame, agent, ack });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address();
  serve({
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ forwarded, visitors: io.of('/visitor').sockets.size }),
    stop: () =>
      new Promise((resolve) =>
        io.close(() => {
          db.close();
          resolve();
        }),
      ),
  });
});
