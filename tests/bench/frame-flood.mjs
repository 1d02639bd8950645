// Frame flood: does one client's hostile frames slow everyone else down? Run by hand:
//   node tests/bench/frame-flood.mjs   (the relay from packages/server/dist; build it first)
// The relay (servers/relay.mjs, its own process) gets one quiet visitor who sends a `chat.send`
// every 100 ms for 8 s, first alone, then while 5 sockets each send ~480 KB frames of 240,000
// nested arrays as fast as the relay answers them (a socket the relay closes is reopened). Prints
// the quiet visitor's `chat.ack` latency p50/p95 for both phases and what the flooders got back.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@switchboard/shared';
import { io } from 'socket.io-client';
import { startServer } from './lib/child.mjs';
import { relayClients } from './lib/clients.mjs';

const FLOODERS = 5;
/** FLOOD_DEPTH=100000 for 200 KB frames, under the transport's 256 KiB (answered, not closed). */
const DEPTH = Number(process.env.FLOOD_DEPTH ?? 240_000);
const PHASE_MS = 8_000;
const INTERVAL_MS = 100;
const NESTED = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

const print = (line) => process.stdout.write(`${line}\n`);
const percentile = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** The quiet visitor's ack latencies (ms) over one phase. */
async function chat(visitor) {
  const latencies = [];
  const end = performance.now() + PHASE_MS;
  while (performance.now() < end) {
    const started = performance.now();
    const ack = await visitor.send(randomUUID(), 'Hello, is my order on its way?');
    if (ack.type !== 'chat.ack') throw new Error(`chat.send: ${JSON.stringify(ack)}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  return latencies.sort((a, b) => a - b);
}

/** One flooding socket: send a nested frame, wait for its answer or the close, repeat. */
function flood(url, outcomes, stop) {
  return (async () => {
    while (!stop.done) {
      const socket = io(`${url}/visitor`, {
        query: { site: 'bench' },
        auth: { protocol: PROTOCOL_VERSION },
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
      });
      const open = await new Promise((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (!open) {
        outcomes.refused = (outcomes.refused ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      let id = 0;
      while (!stop.done && socket.connected) {
        id++;
        const outcome = await new Promise((resolve) => {
          const onClose = (reason) => resolve(`closed: ${reason}`);
          socket.once('disconnect', onClose);
          // An ack id the client never registered: the answer comes back as a raw ACK packet.
          socket.io.engine.once('packet', (packet) => {
            socket.off('disconnect', onClose);
            const code = /"code":"([A-Z_]+)"/.exec(String(packet.data))?.[1];
            resolve(code ?? `packet ${String(packet.data).slice(0, 40)}`);
          });
          socket.io.engine.write(`2/visitor,${id}["frame",${NESTED}]`);
        });
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      socket.disconnect();
    }
  })();
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-flood-'));
const relay = await startServer('relay', {
  BENCH_RELAY: JSON.stringify({ dataDir, agents: 1, capacity: 10, password: 'bench-password' }),
});
try {
  const clients = relayClients(relay.url, 'bench-password');
  const agent = await clients.openAgent(0, () => undefined);
  const visitor = await clients.openVisitor(0, 0);
  await chat({ send: visitor.send }).catch(() => undefined); // warm-up
  const quiet = await chat(visitor);
  const stop = { done: false };
  const outcomes = {};
  const flooders = Array.from({ length: FLOODERS }, () => flood(relay.url, outcomes, stop));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const flooded = await chat(visitor);
  stop.done = true;
  await Promise.all(flooders);
  const line = (name, l) =>
    `${name.padEnd(8)} chat.ack p50 ${percentile(l, 0.5).toFixed(1)} ms  p95 ${percentile(l, 0.95).toFixed(1)} ms  (n=${l.length})`;
  print(`frame flood: ${FLOODERS} sockets x ${NESTED.length} byte nested frames`);
  print(line('quiet', quiet));
  print(line('flooded', flooded));
  print(`flooders got: ${JSON.stringify(outcomes)}`);
  visitor.close();
  agent.close();
} finally {
  await relay.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
