// A TCP proxy that misbehaves on purpose, for the chaos test: it stands between every client and
// the relay, delays what the relay sends, and cuts client connections on command.
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A seeded random generator (mulberry32, the demo history's): the same seed replays the same chaos. */
export { seededRandom } from '../../../packages/server/src/demo/history.js';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /**
   * The relay's port on 127.0.0.1. Each new client connection dials it afresh; a function picks
   * the port per connection (a balancer in front of a cluster's nodes).
   */
  targetPort: number | (() => number);
  /** Random numbers in [0, 1): seeded, so a failure can be replayed. @default Math.random */
  random?: () => number;
  /** Longest delay of a relay->client chunk, in ms. @default 250 */
  maxDelayMs?: number;
  /**
   * How many ports to listen on, all to the same relay. socket.io-client shares one connection
   * per host and port between the sockets of a process that do not ask for a new one (the
   * console's transport does not), so two kinds of client in one test process need two
   * entrances, as a widget and a console never share a browser page. @default 1
   */
  entrances?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: where the clients connect (the first entrance). */
  url: string;
  /** Every entrance's URL. */
  urls: string[];
  /** Client connections open now. */
  open(): number;
  /** Destroy `count` random client connections at once (both sides); returns how many it cut. */
  drop(count: number): number;
  /** Connections cut so far by `drop`. */
  dropped(): number;
  /** Stop delaying (chunks already waiting still go out in order). */
  calm(): void;
  /** Stop listening and cut every connection. */
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  relay: Socket;
  /** When the last delayed chunk to the client is due: later chunks never overtake it. */
  dueAt: number;
  timers: Set<ReturnType<typeof setTimeout>>;
}

/**
 * Start a proxy on `127.0.0.1:0` to `127.0.0.1:targetPort`. Client->relay bytes go straight
 * through; relay->client chunks are each held for a random 0..maxDelayMs (order within a
 * connection is kept), which delays acks and pushes. When the relay is down, a client's
 * connection is accepted and cut at once, as a refused dial would be.
 * @example const proxy = await startFaultProxy({ targetPort: port, random: seededRandom(seed) })
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = options.random ?? Math.random;
  let maxDelayMs = options.maxDelayMs ?? 250;
  const pairs = new Set<Pair>();
  let droppedCount = 0;

  const destroy = (pair: Pair) => {
    if (!pairs.delete(pair)) return;
    for (const timer of pair.timers) clearTimeout(timer);
    pair.timers.clear();
    pair.client.destroy();
    pair.relay.destroy();
  };

  const accept = (client: Socket) => {
    client.setNoDelay(true);
    const port =
      typeof options.targetPort === 'function' ? options.targetPort() : options.targetPort;
    const relay = connect({ host: '127.0.0.1', port });
    relay.setNoDelay(true);
    const pair: Pair = { client, relay, dueAt: 0, timers: new Set() };
    pairs.add(pair);

    client.on('data', (chunk) => {
      if (!relay.destroyed) relay.write(chunk);
    });
    relay.on('data', (chunk) => {
      const now = Date.now();
      pair.dueAt = Math.max(pair.dueAt, now + Math.floor(random() * (maxDelayMs + 1)));
      const timer = setTimeout(() => {
        pair.timers.delete(timer);
        if (!client.destroyed) client.write(chunk);
      }, pair.dueAt - now);
      pair.timers.add(timer);
    });
    // A relay that closes (or dies) closes the client too, after what it sent before that.
    relay.on('close', () => {
      const timer = setTimeout(() => destroy(pair), Math.max(0, pair.dueAt - Date.now()));
      pair.timers.add(timer);
    });
    client.on('close', () => destroy(pair));
    // Resets and refused dials are the point of this proxy: they end the pair, nothing more.
    relay.on('error', () => undefined);
    client.on('error', () => destroy(pair));
  };

  const servers: Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < (options.entrances ?? 1); i++) {
    const server = createServer(accept);
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    urls.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  }

  return {
    url: urls[0] ?? '',
    urls,
    open: () => pairs.size,
    drop(count) {
      const victims = [...pairs];
      let cut = 0;
      while (cut < count && victims.length > 0) {
        const [pair] = victims.splice(Math.floor(random() * victims.length), 1);
        if (pair) destroy(pair);
        cut++;
      }
      droppedCount += cut;
      return cut;
    },
    dropped: () => droppedCount,
    calm() {
      maxDelayMs = 0;
    },
    close() {
      for (const pair of [...pairs]) destroy(pair);
      return Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      ).then(() => undefined);
    },
  };
}
