/**
 * Explicit payload limits, shared by the decoder (which enforces them) and the clients (which keep
 * their inputs within them). Exceeding one is answered with `PAYLOAD_TOO_LARGE`, never a silent drop.
 */
export const LIMITS = {
  /** Largest frame, as UTF-8 bytes of its JSON. @default 16384 */
  frameBytes: 16_384,
  /** Longest chat message, in characters. @default 5000 */
  messageChars: 5_000,
  /** Longest id a client sends: its own client ids and every other id (`Id`). @default 64 */
  clientIdChars: 64,
  /** Longest URL kept in a visitor's context. @default 2048 */
  urlChars: 2_048,
  /** Longest short text (page title, name, locale...). @default 300 */
  shortChars: 300,
  /** Most events returned by one sync reply; clients ask again from the last seq. @default 500 */
  syncBatch: 500,
} as const;

/** UTF-8 byte length of a string, without TextEncoder (the shared package uses no platform API). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
