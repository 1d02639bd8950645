import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { clientAddress } from '../../src/transport/client-address.js';

const req = (remoteAddress: string | undefined, forwarded?: string | string[]) => ({
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  socket: { remoteAddress },
});

describe('clientAddress', () => {
  it('is the socket peer without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('198.51.100.4', '203.0.113.9'), 0)).toBe('198.51.100.4');
    expect(clientAddress(req('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientAddress(req('2001:DB8::1'), 0)).toBe('2001:db8::1');
  });

  it('takes the entry N hops from the right behind N proxies', () => {
    const chain = '1.1.1.1, 203.0.113.9, 10.0.0.2';
    expect(clientAddress(req('10.0.0.3', chain), 1)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.3', chain), 2)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.3', chain), 3)).toBe('1.1.1.1');
  });

  it('ignores what a client put in front of the header (spoofing)', () => {
    // The client sent "X-Forwarded-For: 9.9.9.9"; the one proxy appended the real address.
    expect(clientAddress(req('10.0.0.3', '9.9.9.9, 203.0.113.9'), 1)).toBe('203.0.113.9');
  });

  it('joins repeated headers in order', () => {
    expect(clientAddress(req('10.0.0.3', ['9.9.9.9', '203.0.113.9']), 1)).toBe('203.0.113.9');
  });

  it('falls back to the peer when the header is absent, short, empty or not an address', () => {
    expect(clientAddress(req('10.0.0.3'), 1)).toBe('10.0.0.3');
    expect(clientAddress(req('10.0.0.3', '203.0.113.9'), 2)).toBe('10.0.0.3');
    expect(clientAddress(req('10.0.0.3', ' , '), 1)).toBe('10.0.0.3');
    expect(clientAddress(req('10.0.0.3', 'unknown'), 1)).toBe('10.0.0.3');
    expect(clientAddress(req('10.0.0.3', '<script>'), 1)).toBe('10.0.0.3');
    expect(clientAddress({ headers: {}, socket: null }, 1)).toBe('unknown');
  });

  it('reads addresses with ports and brackets, and IPv4-mapped IPv6', () => {
    expect(clientAddress(req('10.0.0.3', '203.0.113.9:51234'), 1)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.3', '[2001:db8::7]:443'), 1)).toBe('2001:db8::7');
    expect(clientAddress(req('10.0.0.3', '::ffff:203.0.113.9'), 1)).toBe('203.0.113.9');
  });
});

describe('SWITCHBOARD_TRUST_PROXY', () => {
  it('sets trustProxy, and a bad value is named by the variable', () => {
    expect(loadConfig({ env: { SWITCHBOARD_TRUST_PROXY: '2' } }).trustProxy).toBe(2);
    expect(loadConfig({ env: {} }).trustProxy).toBe(0);
    expect(() => loadConfig({ env: { SWITCHBOARD_TRUST_PROXY: '11' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { SWITCHBOARD_TRUST_PROXY: 'yes' } })).toThrow(
      /trustProxy \(from SWITCHBOARD_TRUST_PROXY\)/,
    );
  });
});
