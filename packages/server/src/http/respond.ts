import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiError, ERROR_MESSAGES, type ErrorCode } from '@switchboard/shared';

/** Largest JSON body the API reads. @default 16384 */
export const MAX_JSON_BODY = 16_384;

/** Answer with a JSON body, never cached. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Answer with an `ApiError`. */
export function apiError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message = ERROR_MESSAGES[code],
  headers: Record<string, string> = {},
) {
  const body: ApiError = { error: { code, message } };
  json(res, status, body, headers);
}

/** Answer with plain text. */
export function text(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** Read a JSON body of at most `limit` bytes. */
export function readJson(
  req: IncomingMessage,
  limit: number,
): Promise<
  { ok: true; value: unknown } | { ok: false; status: number; code: ErrorCode; message: string }
> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = {
      ok: false as const,
      status: 413,
      code: 'PAYLOAD_TOO_LARGE' as const,
      message: `The body is larger than ${limit} bytes.`,
    };
    if (declared > limit) {
      req.resume();
      return resolve(tooLarge);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({
          ok: false,
          status: 400,
          code: 'BAD_REQUEST',
          message: 'The body is not valid JSON.',
        });
      }
    });
    req.on('error', () => {
      if (!done)
        resolve({
          ok: false,
          status: 400,
          code: 'BAD_REQUEST',
          message: 'The body could not be read.',
        });
      done = true;
    });
  });
}
