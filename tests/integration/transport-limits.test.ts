// The transport's own limits on a real relay: frames refused before they are parsed, the
// transport's message ceiling, raw connections per address, and no visitor row before hello.
// `trustProxy: 1` lets each client present its own address through X-Forwarded-For.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ChatAck, ErrorFrame, SessionWelcome } from '@switchboard/shared';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PACKET_LIMITS } from '../../packages/server/src/transport/packet-parser.js';
import {
  clientId,
  closeAllSockets,
  connected,
  refusal,
  request,
  visitorSession,
  visitorSocket,
} from './helpers/clients.js';
import { rawRequest } from './helpers/fuzz-frames.js';
import { startRelay, type TestRelay } from './helpers/relay.js';

/** What this test uses of better-sqlite3 (the server's dependency, so typed here). */
type ReadOnlyDatabase = new (
  file: string,
  options: { readonly: true },
) => { prepare(sql: string): { get(): unknown }; close(): void };
// Read the relay's file with the server's own SQLite driver, read-only.
const Database = createRequire(new URL('../../packages/server/package.json', import.meta.url))(
  'better-sqlite3',
) as ReadOnlyDatabase;

const ALL_CONNECTIONS = 4;
let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay({
    trustProxy: 1,
    limits: {
      connectionsPerIp: 2,
      allConnectionsPerIp: ALL_CONNECTIONS,
      handshakesPerIpPerMinute: 1_000,
      messagesPerVisitorPerMinute: 1_000,
      messagesPerIpPerMinute: 1_000,
    },
  });
});
afterEach(() => {
  closeAllSockets();
  vi.restoreAllMocks();
});
afterAll(() => relay.close());

let nextAddress = 1;
/** A fresh client address, so each test starts under every per-address limit. */
const newAddress = () => `10.9.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
const from = (address: string) => ({ extraHeaders: { 'x-forwarded-for': address } });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The WebSocket close code a socket.io-client socket's connection ends with. */
function closeCode(socket: Socket): Promise<number> {
  const ws = (socket.io.engine.transport as unknown as { ws: WebSocket }).ws;
  return new Promise((resolve) => ws.addEventListener('close', (event) => resolve(event.code)));
}

/** The longest string JSON.parse was given while `run` ran (the relay runs in this process). */
async function longestParsed(run: () => Promise<void>): Promise<number> {
  let longest = 0;
  const parse = JSON.parse;
  vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?) => {
    longest = Math.max(longest, String(text).length);
    return parse(text, reviver);
  });
  await run();
  vi.restoreAllMocks();
  return longest;
}

describe('frames refused before they are parsed', () => {
  it('answers a 200 KB frame with PAYLOAD_TOO_LARGE through its ack, unparsed, and the socket stays usable', async () => {
    const { socket } = await visitorSession(relay.url, from(newAddress()));
    let answer: unknown;
    const longest = await longestParsed(async () => {
      answer = await rawRequest(socket, `{"type":"chat.send","text":"${'x'.repeat(200_000)}"}`);
    });
    expect(answer).toMatchObject({ type: 'error', code: 'PAYLOAD_TOO_LARGE' });
    expect(longest).toBeLessThanOrEqual(PACKET_LIMITS.maxChars);
    const ack = await request<ChatAck>(socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'hi',
    });
    expect(ack.type).toBe('chat.ack');
  });

  it('answers a small frame nested deeper than 32 with BAD_FRAME, unparsed', async () => {
    const { socket } = await visitorSession(relay.url, from(newAddress()));
    let answer: unknown;
    const longest = await longestParsed(async () => {
      answer = await rawRequest(socket, `{"type":"chat.send","text":${nested(5_000)}}`);
    });
    expect(answer).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    // Only the answers (tiny) were parsed, by this process's client.
    expect(longest).toBeLessThan(1_000);
  });

  it('closes the connection (1009) on 480 KB frames of 240,000 nested arrays, unparsed, while another visitor chats on', async () => {
    const other = await visitorSession(relay.url, from(newAddress()));
    const flooders = await Promise.all(
      [1, 2, 3, 4, 5].map(() => connected(visitorSocket(relay.url, from(newAddress())))),
    );
    const frame = `2/visitor,1["frame",${nested(240_000)}]`;
    let codes: number[] = [];
    const acks: string[] = [];
    const longest = await longestParsed(async () => {
      const closed = flooders.map(closeCode);
      for (const socket of flooders) socket.io.engine.write(frame);
      for (let i = 0; i < 5; i++) {
        const ack = await request<ChatAck | ErrorFrame>(other.socket, {
          type: 'chat.send',
          clientId: clientId(),
          text: `still here ${i}`,
        });
        acks.push(ack.type);
      }
      codes = await Promise.all(closed);
    });
    expect(codes).toEqual([1009, 1009, 1009, 1009, 1009]);
    expect(acks).toEqual(Array(5).fill('chat.ack'));
    expect(longest).toBeLessThanOrEqual(PACKET_LIMITS.maxChars);
  });

  it('closes the connection (1009) on a 1 MB frame; nobody else notices', async () => {
    const other = await visitorSession(relay.url, from(newAddress()));
    const { socket } = await visitorSession(relay.url, from(newAddress()));
    const closed = closeCode(socket);
    socket.io.engine.write(
      `2/visitor,1["frame",{"type":"chat.send","text":"${'x'.repeat(1_000_000)}"}]`,
    );
    expect(await closed).toBe(1009);
    const ack = await request<ChatAck>(other.socket, {
      type: 'chat.send',
      clientId: clientId(),
      text: 'hello',
    });
    expect(ack.type).toBe('chat.ack');
  });
});

describe('raw connections per address', () => {
  /** An engine.io handshake over polling: a raw connection, in no namespace. */
  const handshake = (address: string) =>
    fetch(`${relay.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { 'x-forwarded-for': address },
    });
  const sidOf = async (response: Response) =>
    (JSON.parse((await response.text()).slice(1)) as { sid: string }).sid;

  it('refuses a raw connection over allConnectionsPerIp (403 RATE_LIMITED), sockets included, until one closes', async () => {
    const address = newAddress();
    const opened = await Promise.all(
      Array.from({ length: ALL_CONNECTIONS }, () => handshake(address)),
    );
    expect(opened.map((r) => r.status)).toEqual(Array(ALL_CONNECTIONS).fill(200));
    const sids = await Promise.all(opened.map(sidOf));

    const over = await handshake(address);
    expect(over.status).toBe(403);
    expect(await over.json()).toEqual({ code: 4, message: 'RATE_LIMITED' });
    // A visitor socket is a raw connection too: refused before its namespace is reached.
    const error = await refusal(visitorSocket(relay.url, from(address)));
    expect(error.message).toMatch(/websocket error/i);
    // Another address is not affected.
    expect((await handshake(newAddress())).status).toBe(200);

    // Close one (an engine.io close packet): its slot is free again.
    const close = await fetch(`${relay.url}/socket.io/?EIO=4&transport=polling&sid=${sids[0]}`, {
      method: 'POST',
      headers: { 'x-forwarded-for': address },
      body: '1',
    });
    expect(close.status).toBe(200);
    await expect.poll(async () => (await handshake(address)).status, { timeout: 5_000 }).toBe(200);
  });
});

describe('visitor rows', () => {
  /** Visitor rows in the relay's database, SQLite or PostgreSQL. */
  const visitorRows = async () => {
    if (relay.databaseUrl) {
      const client = new pg.Client({ connectionString: relay.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM visitors');
        return Number(rows[0]?.n);
      } finally {
        await client.end();
      }
    }
    const db = new Database(join(relay.dataDir, 'switchboard.db'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM visitors').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('writes none for a handshake that never says hello; hello writes one, and a resume reads it back', async () => {
    const before = await visitorRows();
    const silent = await Promise.all(
      [1, 2].map(() => connected(visitorSocket(relay.url, from(newAddress())))),
    );
    for (const socket of silent) socket.disconnect();
    expect(await visitorRows()).toBe(before);

    const address = newAddress();
    const { socket, welcome } = await visitorSession(relay.url, from(address));
    expect(await visitorRows()).toBe(before + 1);
    socket.disconnect();
    const again = await visitorSession(relay.url, { ...from(address), token: welcome.token });
    expect((again.welcome as SessionWelcome).visitor.id).toBe(welcome.visitor.id);
    expect(again.welcome.visitor.name).toBe(welcome.visitor.name);
    expect(await visitorRows()).toBe(before + 1);
  });
});
