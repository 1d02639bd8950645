import { describe, expect, it } from 'vitest';
import { contentType, pickEncoding, safeJoin } from '../../src/http/static.js';

describe('safeJoin', () => {
  it('joins paths inside the root', () => {
    expect(safeJoin('/srv/dist', 'assets/app.js')).toBe('/srv/dist/assets/app.js');
    expect(safeJoin('/srv/dist', 'widget/./entry%20x.js')).toBe('/srv/dist/widget/entry x.js');
  });

  it('refuses every way out of the root', () => {
    for (const bad of [
      '../secret.key',
      'assets/../../etc/passwd',
      '%2e%2e/%2e%2e/etc/passwd',
      '..%2fsecret',
      'a%00b',
      '..\\secret',
      '%E0%A4%A',
    ]) {
      expect(safeJoin('/srv/dist', bad), bad).toBeNull();
    }
  });
});

describe('contentType', () => {
  it('knows the types the builds produce', () => {
    expect(contentType('widget.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('app.CSS')).toBe('text/css; charset=utf-8');
    expect(contentType('logo.svg')).toBe('image/svg+xml');
    expect(contentType('font.woff2')).toBe('font/woff2');
    expect(contentType('blob.bin')).toBe('application/octet-stream');
  });
});

describe('pickEncoding', () => {
  it('prefers Brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('BR')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding('gzip;q=0')).toBeNull();
  });
});
