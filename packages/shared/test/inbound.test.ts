import { describe, expect, it } from 'vitest';
import { cleanInbound, decodeAgentToServer, decodeVisitorToServer } from '../src/index.js';

const RTL_AGENT = 'Maya Chen \u202E)tnega(';

describe('client frames are normalised before their schema', () => {
  it('cleans a visitor message, keeping its line breaks', () => {
    const decoded = decodeVisitorToServer({
      type: 'chat.send',
      clientId: 'k1',
      text: '\u001b[31mhello\u001b[0m\r\nworld \u202Egnp.exe',
      prechat: { name: RTL_AGENT },
    });
    expect(decoded).toMatchObject({
      ok: true,
      value: { text: 'hello\nworld gnp.exe', prechat: { name: 'Maya Chen )tnega(' } },
    });
  });

  it.each([
    ['visitor.identify', { type: 'visitor.identify', userId: 'u1', name: RTL_AGENT }],
    ['visitor.update', { type: 'visitor.update', name: RTL_AGENT }],
    [
      'callback.request',
      {
        type: 'callback.request',
        clientId: 'k2',
        name: RTL_AGENT,
        phone: '+4930123456',
        window: null,
        consent: true,
      },
    ],
  ])('cleans the name in %s', (_type, frame) => {
    const decoded = decodeVisitorToServer(frame);
    expect(decoded).toMatchObject({ ok: true, value: { name: 'Maya Chen )tnega(' } });
  });

  it('cleans page titles, attribute values and survey comments', () => {
    expect(
      decodeVisitorToServer({
        type: 'page.view',
        page: { url: 'https://x.example/', title: 'Shop\u200B\u202E' },
      }),
    ).toMatchObject({ ok: true, value: { page: { title: 'Shop' } } });
    expect(
      decodeVisitorToServer({ type: 'visitor.update', attributes: { plan: 'Pro\u001b[5m' } }),
    ).toMatchObject({ ok: true, value: { attributes: { plan: 'Pro' } } });
    expect(
      decodeVisitorToServer({
        type: 'survey.submit',
        conversationId: 'c1',
        comment: 'great\u2066!',
      }),
    ).toMatchObject({ ok: true, value: { comment: 'great!' } });
  });

  it('cleans agent replies, notes and names in saved settings', () => {
    expect(
      decodeAgentToServer({
        type: 'chat.send',
        conversationId: 'c1',
        clientId: 'k',
        text: 'ok\u202E',
      }),
    ).toMatchObject({ ok: true, value: { text: 'ok' } });
    expect(
      decodeAgentToServer({
        type: 'canned.save',
        canned: { id: 'c', shortcut: 'hi', title: 'Hi\u200B\u202E', text: 'Hello\u0007!' },
      }),
    ).toMatchObject({ ok: true, value: { canned: { title: 'Hi', text: 'Hello!' } } });
  });

  it('leaves ids, urls and emails alone', () => {
    const decoded = decodeVisitorToServer({
      type: 'page.view',
      page: { url: 'https://x.example/a\u200Bb', referrer: 'https://y.example/' },
    });
    expect(decoded).toMatchObject({
      ok: true,
      value: { page: { url: 'https://x.example/a\u200Bb' } },
    });
  });

  it('refuses a name that is nothing but invisible characters, as empty', () => {
    const decoded = decodeVisitorToServer({ type: 'visitor.update', name: '\u200B\u202E\u2066' });
    expect(decoded).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAME', details: [{ path: 'name', message: 'must not be empty' }] },
    });
  });

  it('refuses a message that is only escape codes, as empty', () => {
    const decoded = decodeVisitorToServer({ type: 'chat.send', clientId: 'k', text: '\u001b[2J' });
    expect(decoded).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
  });
});

describe('NUL and lone surrogates refuse the frame', () => {
  it.each([
    ['a NUL in a message', { type: 'chat.send', clientId: 'k', text: 'a\u0000b' }, 'text', 'NUL'],
    [
      'a lone surrogate in a message',
      { type: 'chat.send', clientId: 'k', text: 'a\uD83D' },
      'text',
      'lone surrogate',
    ],
    [
      'a NUL in a url',
      { type: 'page.view', page: { url: 'https://x.example/\u0000' } },
      'page.url',
      'NUL',
    ],
    ['a NUL in an id', { type: 'chat.send', clientId: 'k\u0000', text: 'hi' }, 'clientId', 'NUL'],
    [
      'a lone surrogate in an attribute key',
      { type: 'visitor.update', attributes: { 'a\uDC00': 1 } },
      'attributes.(key)',
      'lone surrogate',
    ],
  ])('%s', (_case, frame, path, words) => {
    const decoded = decodeVisitorToServer(frame);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error.code).toBe('BAD_FRAME');
    expect(decoded.error.message).toContain(words);
    expect(decoded.error.details).toEqual([{ path, message: expect.stringContaining(words) }]);
  });

  it('refuses them from agents too', () => {
    const decoded = decodeAgentToServer({
      type: 'note.send',
      conversationId: 'c1',
      clientId: 'k',
      kind: 'note',
      text: 'x\u0000',
    });
    expect(decoded).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
  });
});

describe('cleanInbound', () => {
  it('returns a copy and leaves the input as it was', () => {
    const frame = { type: 'chat.send', clientId: 'k', text: 'hi\u202E' };
    expect(cleanInbound(frame)).toEqual({ value: { ...frame, text: 'hi' } });
    expect(frame.text).toBe('hi\u202E');
  });

  it('does not recurse without end on deeply nested input', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect('value' in cleanInbound({ type: 'chat.send', text: deep })).toBe(true);
  });
});
