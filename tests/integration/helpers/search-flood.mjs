// A help-search flood from one address, in its own process so that driving it does not share an
// event loop with the relay or the test measuring it (see abuse.test.ts, "help-search flood").
//
//   node search-flood.mjs <relay url> <address> <sockets> <per second per socket> <seconds> <query>
//
// Opens <sockets> visitor sockets presenting <address> in X-Forwarded-For, says hello on each,
// then sends `faq.search` at the given rate on each socket without waiting for answers, for the
// given time. Prints one JSON line: `{ sockets, sent, answers: { <type or error code>: n } }`.
// Bounded: it stops by itself after the time given plus at most 10 s for late answers.
import { PROTOCOL_VERSION } from '@switchboard/shared';
import { io } from 'socket.io-client';

const [url, address, socketCount, perSecond, seconds, query] = process.argv.slice(2);
const count = Number(socketCount);
const rate = Number(perSecond);
const durationMs = Number(seconds) * 1000;
if (!url || !address || !query || !(count > 0) || !(rate > 0) || !(durationMs > 0)) {
  process.stderr.write('usage: search-flood.mjs <url> <address> <sockets> <rate> <seconds> <q>\n');
  process.exit(2);
}

const answers = {};
const note = (reply) => {
  const key = reply?.type === 'error' ? reply.code : (reply?.type ?? 'no answer');
  answers[key] = (answers[key] ?? 0) + 1;
};

/** A visitor socket from `address` that has said hello, or null if the relay refused it. */
async function visitor() {
  const socket = io(`${url}/visitor`, {
    query: { site: 'demo' },
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { 'x-forwarded-for': address },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  const ok = await new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
  if (!ok) return null;
  const welcome = await socket.timeout(5_000).emitWithAck('frame', { type: 'session.hello' });
  return welcome?.type === 'session.welcome' ? socket : null;
}

const sockets = (await Promise.all(Array.from({ length: count }, visitor))).filter(Boolean);
// Tell the parent the flood starts now, then flood.
process.stdout.write(`${JSON.stringify({ ready: sockets.length })}\n`);

let sent = 0;
const pending = [];
const start = Date.now();
const timers = sockets.map((socket) =>
  setInterval(() => {
    if (Date.now() - start >= durationMs) return;
    sent++;
    pending.push(
      socket
        .timeout(10_000)
        .emitWithAck('frame', { type: 'faq.search', query })
        .then(note, () => note(null)),
    );
  }, 1000 / rate),
);
await new Promise((resolve) => setTimeout(resolve, durationMs));
for (const timer of timers) clearInterval(timer);
await Promise.all(pending);
for (const socket of sockets) socket.close();
process.stdout.write(`${JSON.stringify({ sockets: sockets.length, sent, answers })}\n`);
process.exit(0);
