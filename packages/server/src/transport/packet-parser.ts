import { type ErrorFrame, errorFrame, FRAME_EVENT, LIMITS } from '@switchboard/shared';
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';

/**
 * What the relay's socket.io parser lets through to `JSON.parse`. A packet is its header
 * (`2/visitor,17`) and `["frame",{...}]`: `maxChars` is the frame limit plus room for both, and
 * `maxDepth` is far deeper than any frame of the protocol nests (each `[` or `{` is a level).
 */
export const PACKET_LIMITS = {
  /** Longest packet string read (UTF-16 units; a frame's UTF-8 bytes are never fewer). */
  maxChars: LIMITS.frameBytes + 1_024,
  /** Deepest nesting of a frame (the packet's own array around it not counted). */
  maxDepth: 32,
  /**
   * Largest message the transport takes at all (socket.io's `maxHttpBufferSize`): above it the
   * WebSocket is closed (1009) and a polling request gets 413, before anything is read.
   */
  maxHttpBufferSize: 256 * 1_024,
} as const;

/**
 * A frame the decoder would not parse, handed to the socket as the `frame` event's payload so the
 * relay answers it (with the ack when the packet had one) like any frame it refuses.
 */
export class RefusedFrame {
  constructor(readonly error: ErrorFrame) {}
}

/** A packet's header: type, namespace, ack id, and where its JSON starts. */
interface Header {
  type: PacketType;
  nsp: string;
  id?: number;
  dataStart: number;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Read a packet string's header without touching its JSON (the same grammar as socket.io-parser).
 * Null when it is not a header socket.io would accept: the stock decoder then refuses it.
 */
export function readHeader(text: string): Header | null {
  const type = text.charCodeAt(0) - 48;
  if (PacketType[type] === undefined) return null;
  let i = 1;
  if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) {
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === 1 || text[i] !== '-') return null;
    i++;
  }
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma === -1 ? text.length : comma;
    nsp = text.slice(i, end);
    i = comma === -1 ? end : end + 1;
  }
  const idStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  // An ack id too long to be a safe integer is no ack id the relay can answer: left out.
  const digits = i - idStart <= 15 ? text.slice(idStart, i) : '';
  return { type, nsp, ...(digits ? { id: Number(digits) } : {}), dataStart: i };
}

/**
 * Whether `text` from `start` nests deeper than `max`: one pass over the characters, brackets
 * inside strings ignored, stopping at the first level too deep. No parsing, no recursion.
 */
export function nestsDeeperThan(text: string, start: number, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > max) return true;
    } else if (code === 93 /* ] */ || code === 125 /* } */) depth--;
  }
  return false;
}

/** Why a packet string is refused unread, or null to decode it as usual. */
function refusalOf(text: string, header: Header): ErrorFrame | null {
  if (text.length > PACKET_LIMITS.maxChars) {
    return errorFrame(
      'PAYLOAD_TOO_LARGE',
      `The frame is larger than ${LIMITS.frameBytes} bytes; it was not read.`,
    );
  }
  // One level more for the packet's `["frame", ...]` around the frame.
  if (nestsDeeperThan(text, header.dataStart, PACKET_LIMITS.maxDepth + 1)) {
    return errorFrame(
      'BAD_FRAME',
      `A frame nests at most ${PACKET_LIMITS.maxDepth} levels deep; it was not read.`,
    );
  }
  return null;
}

/**
 * socket.io-parser's decoder with the frame limits checked on the raw string first: a packet
 * longer than `maxChars` or nesting deeper than `maxDepth` is never given to `JSON.parse`. An event
 * becomes a `frame` event carrying a `RefusedFrame` (same namespace and ack id), so the client
 * gets a typed answer; any other packet type (connect, ack, binary) is a protocol error that
 * closes the connection, as an unparsable packet does.
 */
export class GuardedDecoder extends Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string') {
      const header = readHeader(obj);
      const error = header && refusalOf(obj, header);
      if (header && error) {
        if (header.type !== PacketType.EVENT) {
          throw new Error(`refused a ${PacketType[header.type]} packet: ${error.code}`);
        }
        const packet: Packet = {
          type: PacketType.EVENT,
          nsp: header.nsp,
          data: [FRAME_EVENT, new RefusedFrame(error)],
          ...(header.id !== undefined ? { id: header.id } : {}),
        };
        this.emitReserved('decoded', packet);
        return;
      }
    }
    super.add(obj);
  }
}

/**
 * The relay's socket.io `parser` option: the stock encoder, the guarded decoder.
 * @example new Server(httpServer, { parser: packetParser, maxHttpBufferSize: PACKET_LIMITS.maxHttpBufferSize })
 */
export const packetParser = { Encoder, Decoder: GuardedDecoder };
