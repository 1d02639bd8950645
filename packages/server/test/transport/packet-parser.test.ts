import { LIMITS } from '@switchboard/shared';
import { Decoder, type Packet, PacketType } from 'socket.io-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GuardedDecoder,
  nestsDeeperThan,
  PACKET_LIMITS,
  RefusedFrame,
  readHeader,
} from '../../src/transport/packet-parser.js';

/** Every packet the decoder yields for `inputs`. */
function decode(...inputs: string[]): Packet[] {
  const decoder = new GuardedDecoder();
  const packets: Packet[] = [];
  decoder.on('decoded', (packet: Packet) => packets.push(packet));
  for (const input of inputs) decoder.add(input);
  return packets;
}

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A visitor `frame` packet with ack id 7 around `json`. */
const framePacket = (json: string) => `2/visitor,7["frame",${json}]`;

afterEach(() => vi.restoreAllMocks());

describe('GuardedDecoder', () => {
  it('decodes ordinary packets exactly as socket.io-parser does', () => {
    const inputs = [
      '0/visitor,{"protocol":1}',
      framePacket('{"type":"chat.send","clientId":"c1","text":"hi [{ \\" there"}'),
      '2/agent,["frame",{"type":"agent.hello"}]',
      '3/visitor,12[{"ok":true}]',
      '1/visitor,',
    ];
    const stock: Packet[] = [];
    const plain = new Decoder();
    plain.on('decoded', (packet: Packet) => stock.push(packet));
    for (const input of inputs) plain.add(input);
    expect(decode(...inputs)).toEqual(stock);
  });

  it('refuses a packet over the frame limit with PAYLOAD_TOO_LARGE, keeping its ack id, without JSON.parse', () => {
    const parse = vi.spyOn(JSON, 'parse');
    // Not even valid JSON: it is never read, so it cannot fail to parse.
    const [packet] = decode(framePacket(`{"type":"chat.send","text":"${'x'.repeat(500_000)}`));
    expect(parse).not.toHaveBeenCalled();
    expect(packet).toMatchObject({ type: PacketType.EVENT, nsp: '/visitor', id: 7 });
    const [event, refused] = packet!.data as [string, RefusedFrame];
    expect(event).toBe('frame');
    expect(refused).toBeInstanceOf(RefusedFrame);
    expect(refused.error).toMatchObject({ type: 'error', code: 'PAYLOAD_TOO_LARGE' });
  });

  it('lets a frame at the protocol limit through to the usual decoding', () => {
    const text = 'x'.repeat(LIMITS.frameBytes - 60);
    const json = `{"type":"chat.send","clientId":"c1","text":"${text}"}`;
    const [packet] = decode(framePacket(json));
    expect(packet!.data).toEqual(['frame', JSON.parse(json)]);
  });

  it('refuses nesting deeper than maxDepth with BAD_FRAME before JSON.parse; maxDepth itself passes', () => {
    const ok = decode(framePacket(nestedArrays(PACKET_LIMITS.maxDepth)));
    expect(Array.isArray((ok[0]!.data as unknown[])[1])).toBe(true);
    const parse = vi.spyOn(JSON, 'parse');
    const [packet] = decode(framePacket(nestedArrays(PACKET_LIMITS.maxDepth + 1)));
    expect(parse).not.toHaveBeenCalled();
    const refused = (packet!.data as unknown[])[1] as RefusedFrame;
    expect(refused.error).toMatchObject({ code: 'BAD_FRAME' });
    expect(packet!.id).toBe(7);
  });

  it('refuses the 480 KB frame of 240,000 nested arrays as too large, unread', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const [packet] = decode(framePacket(nestedArrays(240_000)));
    expect(parse).not.toHaveBeenCalled();
    expect(((packet!.data as unknown[])[1] as RefusedFrame).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('drops an ack id too long to answer, and still refuses the packet', () => {
    const [packet] = decode(`2/visitor,${'9'.repeat(40)}["frame",${nestedArrays(100)}]`);
    expect(packet).not.toHaveProperty('id');
    expect(((packet!.data as unknown[])[1] as RefusedFrame).error.code).toBe('BAD_FRAME');
  });

  it('throws (so socket.io closes the connection) for an oversized packet that is not an event', () => {
    expect(() => decode(`0/visitor,{"token":"${'x'.repeat(50_000)}"}`)).toThrow(/CONNECT/);
    expect(() => decode(`3/visitor,5[${nestedArrays(100)}]`)).toThrow(/ACK/);
    expect(() => decode(`51-/visitor,5["frame",${nestedArrays(100)}]`)).toThrow(/BINARY_EVENT/);
  });
});

describe('readHeader', () => {
  it('reads type, namespace, ack id and where the JSON starts', () => {
    expect(readHeader('2/visitor,17["frame",{}]')).toEqual({
      type: PacketType.EVENT,
      nsp: '/visitor',
      id: 17,
      dataStart: 12,
    });
    expect(readHeader('2["x"]')).toEqual({ type: PacketType.EVENT, nsp: '/', dataStart: 1 });
    expect(readHeader('52-/agent,3["frame"]')).toMatchObject({ nsp: '/agent', id: 3 });
    expect(readHeader('9/visitor,[]')).toBeNull();
    expect(readHeader('5x-[]')).toBeNull();
    expect(readHeader('')).toBeNull();
  });
});

describe('nestsDeeperThan', () => {
  it('counts brackets and braces outside strings only', () => {
    expect(nestsDeeperThan('[{"a":[1]}]', 0, 3)).toBe(false);
    expect(nestsDeeperThan('[{"a":[[1]]}]', 0, 3)).toBe(true);
    expect(nestsDeeperThan('["[[[[[[", "\\"[[[[["]', 0, 1)).toBe(false);
    expect(nestsDeeperThan('[][][][]', 0, 1)).toBe(false);
  });
});
