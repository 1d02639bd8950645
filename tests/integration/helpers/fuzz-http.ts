// Arbitraries and a raw client for fuzzing the relay's HTTP routes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { nested } from './fuzz-frames.js';

/** What came back, or why nothing did. */
export type HttpOutcome =
  | {
      ok: true;
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: Buffer;
    }
  | { ok: false; error: string };

/** One fuzzed request. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Send a request on its own connection and read the whole answer, or report why there was none
 * (an error before the answer, or no answer within `timeoutMs`: a hang).
 */
export function send(url: string, req: FuzzRequest, timeoutMs = 10_000): Promise<HttpOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, error: `no answer within ${timeoutMs} ms` });
      client.destroy();
    }, timeoutMs);
    const client = httpRequest({
      host: hostname,
      port: Number(port),
      method: req.method,
      path: req.path,
      headers: { connection: 'close', ...req.headers },
      agent: false,
    });
    client.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({
          ok: true,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', (error) => finish({ ok: false, error: `response: ${error.message}` }));
    });
    client.on('error', (error) => finish({ ok: false, error: `request: ${error.message}` }));
    if (req.body) client.end(req.body);
    else client.end();
  });
}

/** Write raw bytes to the relay's port and read until it closes: the status line, or an error. */
export function sendRaw(url: string, bytes: string | Buffer, timeoutMs = 10_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.end(bytes);
  });
}

/** The sha256 of every file under `dir`: what the static routes may serve, and nothing else. */
export function fileHashes(...dirs: string[]): Set<string> {
  const hashes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hashes.add(sha256(readFileSync(path)));
    }
  };
  for (const dir of dirs) walk(dir);
  return hashes;
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const printable = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength,
  });

/** A path segment: plain, percent-encoded garbage, or a traversal attempt. */
const segment = fc.oneof(
  fc.constantFrom(
    '..%2f..%2f..%2fpackage.json',
    '..%2F..%2Fsrc%2Findex.ts',
    '%2e%2e/%2e%2e/%2e%2e/package.json',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5c..%5cpackage.json',
    '..\\..\\package.json',
    '%252e%252e%252fpackage.json',
    '%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    '....//....//package.json',
    'index.html%00.js',
    '%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '.env',
    '.git/config',
    'assets/..%2f..%2f..%2fpackage.json',
    'assets/%2e%2e/%2e%2e/package.json',
    'widget.js',
    'index.html',
    'npm/',
    '',
    'a'.repeat(3_000),
  ),
  fc.webSegment(),
  printable(30).map((s) => encodeURIComponent(s)),
);

const ROUTES = [
  '/api/agent/login',
  '/api/agent/me',
  '/api/v1/callbacks',
  '/api/v1/callbacks/',
  '/api/v1/export/conversations.csv',
  '/api/v1/export/kpis.csv',
  '/api/v1/export/',
  '/api/v1/',
  '/api/',
  '/metrics',
  '/healthz',
  '/readyz',
  '/demo/identity',
  '/',
  '/demo.css',
  '/demo.js',
  '/widget.js',
  '/widget/',
  '/console',
  '/console/',
  '/console/assets/',
] as const;

/** A path: a route, sometimes with segments after it, sometimes repeated slashes or very long. */
const pathArb = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    // Mostly the route itself, so the fuzz reaches past routing into each handler.
    tail: fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }) },
    ),
    oddity: fc.nat({ max: 19 }),
  })
  .map(({ route, tail, oddity }) => {
    let path = tail.length > 0 ? `${route.replace(/\/$/, '')}/${tail.join('/')}` : route;
    if (oddity === 0) path = path.replace(/\//g, '//');
    if (oddity === 1) path += `/${'x'.repeat(9_000)}`;
    return path;
  });

const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'from',
            'to',
            'limit',
            'status',
            'cursor',
            'bucket',
            'userId',
            'siteId',
            'departmentId',
            'agentId',
            'csp',
          ),
          printable(8),
        ),
        fc.oneof(
          fc.constantFrom(
            '0',
            '-1',
            '1e3',
            'NaN',
            '9'.repeat(16),
            '1700000000000',
            'strict',
            'hour',
            'scheduled',
            'W1siYSJdXQ',
            'x'.repeat(300),
            '%00',
            '',
          ),
          printable(20),
        ),
      ),
      { maxLength: 5 },
    )
    .map(
      (pairs) =>
        `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    ),
);

/** Bodies: none, random bytes, broken JSON, JSON of the wrong shape, deep, oversized. */
const bodyArb: fc.Arbitrary<Buffer | null> = fc.oneof(
  fc.constant(null),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc
    .constantFrom(
      '',
      '{',
      '{"email":',
      'null',
      '[]',
      '"just a string"',
      '{"email":"agent@example.com","password":"switchboard-demo"',
      '{"__proto__":{"isAdmin":true},"email":"a@b.c","password":"x"}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"action":"cancel"}',
      '{"action":"reschedule","window":{"start":-1,"end":1e308}}',
      '{"action":"outcome","outcome":"resolved","agentEmail":"agent@example.com"}',
      `${'['.repeat(8_000)}${']'.repeat(8_000)}`,
      JSON.stringify(nested(2_000, 'object')),
      `{"email":"${'a'.repeat(20_000)}@x.y","password":"p"}`,
      'x'.repeat(64_000),
    )
    .map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc
    .record({
      email: fc.oneof(fc.emailAddress(), printable(40)),
      password: fc.oneof(fc.constant('switchboard-demo'), printable(40)),
    })
    .map((v) => Buffer.from(JSON.stringify(v))),
);

/**
 * Requests to every route with random methods, headers, queries and bodies. `tokens` are real
 * credentials, sent some of the time so the fuzz gets past authentication.
 */
export function requestArb(tokens: readonly string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.constantFrom(
        'GET',
        'GET',
        'GET',
        'HEAD',
        'POST',
        'POST',
        'PUT',
        'PATCH',
        'PATCH',
        'DELETE',
        'OPTIONS',
        'TRACE',
        'PROPFIND',
      ),
      path: pathArb,
      query: queryArb,
      authorization: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(...tokens).map((t) => `Bearer ${t}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWdlbnQ6eA==',
          'bearer x',
          `Bearer ${'A'.repeat(5_000)}`,
        ),
        printable(60),
      ),
      contentType: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-16',
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
        ),
        printable(30),
      ),
      lengthLie: fc.constantFrom('none', 'none', 'huge', 'zero'),
      extra: fc.dictionary(
        fc.constantFrom(
          'x-forwarded-for',
          'origin',
          'host',
          'accept',
          'if-none-match',
          'if-modified-since',
          'range',
          'cookie',
        ),
        printable(40),
        { maxKeys: 3 },
      ),
      body: bodyArb,
    })
    .map(({ method, path, query, authorization, contentType, lengthLie, extra, body }) => {
      const headers: Record<string, string> = { ...extra };
      if (authorization !== undefined) headers.authorization = authorization;
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (body) {
        // Lies only with small bodies: a large one the relay need not read would reset the
        // connection under our own writes, a client's fault that says nothing about the relay.
        const lie = body.length <= 1_024 ? lengthLie : 'none';
        headers['content-length'] =
          lie === 'huge' ? '1000000000000' : lie === 'zero' ? '0' : String(body.length);
      }
      return { method, path: `${path}${query}`, headers, body };
    });
}
