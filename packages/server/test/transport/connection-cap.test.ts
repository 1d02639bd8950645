import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionCap } from '../../src/transport/connection-cap.js';

/** A handshake request from `address` (through one proxy), with a TCP socket that can close. */
function handshake(address: string) {
  const socket = new EventEmitter();
  const req = {
    headers: { 'x-forwarded-for': address },
    socket: Object.assign(socket, { remoteAddress: '10.0.0.1' }),
  } as unknown as IncomingMessage;
  return { req, closeSocket: () => socket.emit('close') };
}

/** The engine.io connection a handshake became. */
function connection(req: IncomingMessage) {
  const events = new EventEmitter();
  return { request: req, once: events.once.bind(events), close: () => events.emit('close') };
}

afterEach(() => vi.useRealTimers());

describe('createConnectionCap', () => {
  it('admits `limit` connections per address, refuses the next, and admits again once one closes', () => {
    const cap = createConnectionCap(2, 1);
    const first = handshake('203.0.113.1');
    const second = handshake('203.0.113.1');
    expect(cap.admit(first.req)).toBe(true);
    expect(cap.admit(second.req)).toBe(true);
    const one = connection(first.req);
    cap.attach(one);
    cap.attach(connection(second.req));
    expect(cap.admit(handshake('203.0.113.1').req)).toBe(false);
    // Another address has its own count.
    expect(cap.admit(handshake('203.0.113.2').req)).toBe(true);
    expect(cap.count('203.0.113.1')).toBe(2);
    one.close();
    expect(cap.count('203.0.113.1')).toBe(1);
    expect(cap.admit(handshake('203.0.113.1').req)).toBe(true);
  });

  it("keeps a connection's slot when its handshake's TCP socket closes (polling moves on)", () => {
    const cap = createConnectionCap(1, 1);
    const { req, closeSocket } = handshake('203.0.113.3');
    expect(cap.admit(req)).toBe(true);
    const open = connection(req);
    cap.attach(open);
    closeSocket();
    expect(cap.count('203.0.113.3')).toBe(1);
    open.close();
    expect(cap.count('203.0.113.3')).toBe(0);
  });

  it('gives back the slot of a handshake that never became a connection: at its socket close, or after 30 s', () => {
    vi.useFakeTimers();
    const cap = createConnectionCap(1, 1);
    const failed = handshake('203.0.113.4');
    expect(cap.admit(failed.req)).toBe(true);
    expect(cap.admit(handshake('203.0.113.4').req)).toBe(false);
    failed.closeSocket();
    expect(cap.count('203.0.113.4')).toBe(0);
    const stalled = handshake('203.0.113.4');
    expect(cap.admit(stalled.req)).toBe(true);
    vi.advanceTimersByTime(30_000);
    expect(cap.count('203.0.113.4')).toBe(0);
    // A late connection for it holds nothing more.
    cap.attach(connection(stalled.req));
    expect(cap.count('203.0.113.4')).toBe(0);
  });

  it('leaves no listener on a kept-alive TCP socket that carries many handshakes', () => {
    const cap = createConnectionCap(1, 1);
    const tcp = new EventEmitter();
    for (let i = 0; i < 50; i++) {
      const req = {
        headers: { 'x-forwarded-for': '203.0.113.7' },
        socket: Object.assign(tcp, { remoteAddress: '10.0.0.1' }),
      } as unknown as IncomingMessage;
      expect(cap.admit(req)).toBe(true);
      const open = connection(req);
      cap.attach(open);
      open.close();
    }
    // Each handshake's listener went with its slot: none holds a request until the socket closes.
    expect(tcp.listenerCount('close')).toBe(0);
    expect(cap.count('203.0.113.7')).toBe(0);
  });

  it('counts by the peer address when no proxy is trusted', () => {
    const cap = createConnectionCap(1, 0);
    expect(cap.admit(handshake('203.0.113.5').req)).toBe(true);
    // Every request here comes from the same peer, whatever its header says.
    expect(cap.admit(handshake('203.0.113.6').req)).toBe(false);
    expect(cap.count('10.0.0.1')).toBe(1);
  });
});
