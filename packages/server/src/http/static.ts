import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Text types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.webmanifest',
]);
/** Smaller files are sent as they are: a compressed copy would save less than a packet. */
const MIN_COMPRESS_BYTES = 1_024;
/** Compressed copies kept in memory, by path, version and encoding; emptied past this size. */
const CACHE_LIMIT_BYTES = 32 * 1024 * 1024;
const compressed = new Map<string, Promise<Buffer>>();
let cachedBytes = 0;

/** The encoding to answer with: Brotli, else gzip, else none (`Accept-Encoding`, q=0 honoured). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const offered = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  if ((offered.get('br') ?? 0) > 0) return 'br';
  if ((offered.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

/**
 * The file compressed with `encoding`, made once per version of the file and then kept. The
 * promise is what is kept, so visitors arriving together share one compression.
 */
function compressedCopy(path: string, version: string, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const key = `${encoding}:${version}:${path}`;
  const cached = compressed.get(key);
  if (cached) return cached;
  const made = readFile(path).then((raw) =>
    encoding === 'br'
      ? brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 10,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : gzipped(raw, { level: 9 }),
  );
  compressed.set(key, made);
  made.then(
    (body) => {
      if (cachedBytes + body.length > CACHE_LIMIT_BYTES) {
        compressed.clear();
        cachedBytes = 0;
        compressed.set(key, made);
      }
      cachedBytes += body.length;
    },
    () => compressed.delete(key),
  );
  return made;
}

/** The content type for a file name, by extension. */
export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names, or null when the path tries to leave `root`
 * (`..`, encoded slashes or NUL bytes) or is malformed.
 * @example safeJoin('/srv/dist', 'assets/app.js') // '/srv/dist/assets/app.js'
 */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const base = resolve(root);
  const full = resolve(base, join(...(segments.length ? segments : ['.'])));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/** A file's stats if it exists and is a regular file. */
export async function fileStats(path: string): Promise<Stats | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/**
 * Send a file with its content type, a weak ETag and Last-Modified; answers 304 when the client's
 * copy is current, and only headers for HEAD. Text files over 1 KB go Brotli- or gzip-compressed
 * when the client accepts it (compressed once per file version, kept in memory), with
 * `Vary: Accept-Encoding` and an ETag per encoding.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  stats: Stats,
  headers: Record<string, string>,
): Promise<void> {
  const version = `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
  const compressible = COMPRESSIBLE.has(extname(path).toLowerCase());
  const encoding =
    compressible && stats.size >= MIN_COMPRESS_BYTES
      ? pickEncoding(req.headers['accept-encoding'])
      : null;
  const etag = `W/"${version}${encoding ? `-${encoding}` : ''}"`;
  const lastModified = stats.mtime.toUTCString();
  const common: Record<string, string> = {
    ETag: etag,
    'Last-Modified': lastModified,
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    ...headers,
  };
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const fresh = ifNoneMatch
    ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag)
    : ifModifiedSince !== undefined &&
      Date.parse(ifModifiedSince) >= Math.floor(stats.mtimeMs / 1000) * 1000;
  if (fresh) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  if (encoding) {
    const body = await compressedCopy(path, version, encoding);
    res.writeHead(200, {
      'Content-Type': contentType(path),
      'Content-Length': String(body.length),
      'Content-Encoding': encoding,
      ...common,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentType(path),
    'Content-Length': String(stats.size),
    ...common,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
