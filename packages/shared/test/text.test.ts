import { describe, expect, it } from 'vitest';
import { cleanName, cleanText, textFault } from '../src/index.js';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // man, woman, girl joined by ZWJ
const RAINBOW_FLAG = '\u{1F3F3}\uFE0F\u200D\u{1F308}';

describe('cleanName', () => {
  it.each([
    ['an ordinary name', 'Maya Chen', 'Maya Chen'],
    ['an RTL override that reverses "(agent)"', 'Maya Chen \u202E)tnega(', 'Maya Chen )tnega('],
    ['an RTL override glued to the name', 'Maya Chen\u202E)tnega(\u202C', 'Maya Chen)tnega('],
    ['isolates and embeddings', '\u2067Maya\u2069 \u202BChen\u202C', 'Maya Chen'],
    ['direction marks', '\u200FMaya\u200E Chen\u061C', 'Maya Chen'],
    [
      'zero-width spaces and joiners inside and around',
      '\u200BMa\u200Bya\u2060 Chen\u200D',
      'Maya Chen',
    ],
    ['a BOM and a soft hyphen', '\uFEFFMa\u00ADya', 'Maya'],
    ['Hangul fillers that render as blanks', '\u3164\u3164', ''],
    ['ANSI colour codes', '\u001b[31mMaya\u001b[0m Chen', 'Maya Chen'],
    ['an OSC title sequence ended by BEL', 'Maya\u001b]0;pwned\u0007 Chen', 'Maya Chen'],
    [
      'an OSC hyperlink ended by ST',
      '\u001b]8;;https://x.example\u001b\\Maya\u001b]8;;\u001b\\',
      'Maya',
    ],
    ['a C1 CSI', 'Maya\u009b2J Chen', 'Maya Chen'],
    ['a lone ESC', 'Maya\u001b Chen', 'Maya Chen'],
    ['other C0 and C1 controls', 'Ma\u0007y\u0008a\u007f \u0085Chen', 'Maya Chen'],
    ['line breaks and tabs as spaces', 'Maya\r\n\tChen\n', 'Maya Chen'],
    ['runs of odd whitespace', '  Maya\u00A0\u2003 Chen\u3000 ', 'Maya Chen'],
    ['decomposed accents, composed (NFC)', 'Jose\u0301 Mun\u0303oz', 'Jos\u00E9 Mu\u00F1oz'],
    ['an emoji ZWJ family, kept whole', `Ana ${FAMILY}`, `Ana ${FAMILY}`],
    ['a flag sequence with a variation selector', `Kai ${RAINBOW_FLAG}`, `Kai ${RAINBOW_FLAG}`],
    ['a Persian name with ZWNJ', 'نیک\u200Cنام', 'نیک\u200Cنام'],
    ['a joiner next to a space', `a \u200D${FAMILY}`, `a ${FAMILY}`],
    ['lone surrogates', 'Maya\uD800 Chen\uDC00', 'Maya Chen'],
    ['nothing visible', '\u200B\u202E \u2066', ''],
    ['Arabic and Hebrew without controls, untouched', 'مايا חן', 'مايا חן'],
  ])('%s', (_case, input, expected) => {
    expect(cleanName(input)).toBe(expected);
  });
});

describe('cleanText', () => {
  it.each([
    ['an ordinary message', 'Hello,\nmy order?', 'Hello,\nmy order?'],
    ['tabs and line breaks kept; CR LF and CR as LF', 'a\tb\r\nc\rd', 'a\tb\nc\nd'],
    ['ANSI sequences removed whole', '\u001b[1;31mALERT\u001b[0m: \u001b[2Jdone', 'ALERT: done'],
    ['an OSC 52 clipboard write', 'hi\u001b]52;c;ZXZpbA==\u0007!', 'hi!'],
    [
      'bidi overrides and isolates removed',
      'invoice_\u202Efdp.exe \u2066x\u2069',
      'invoice_fdp.exe x',
    ],
    ['direction marks and joiners kept', `a\u200Fb ${FAMILY}`, `a\u200Fb ${FAMILY}`],
    ['other controls removed', 'a\u0007b\u000bc\u0085d', 'abcd'],
    ['NFC', 'cafe\u0301', 'caf\u00E9'],
    ['only invisible controls', '\u202E\u001b[0m', ''],
  ])('%s', (_case, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('textFault', () => {
  it.each([
    ['NUL', 'a\u0000b', 'contains a NUL character'],
    ['a lone high surrogate', 'a\uD83D', 'contains a lone surrogate (not valid Unicode)'],
    ['a lone low surrogate', '\uDE00a', 'contains a lone surrogate (not valid Unicode)'],
    ['reversed halves', '\uDE00\uD83D', 'contains a lone surrogate (not valid Unicode)'],
  ])('refuses %s', (_case, input, expected) => {
    expect(textFault(input)).toBe(expected);
  });

  it('accepts well-formed text, astral characters included', () => {
    expect(textFault(`Maya ${FAMILY} \u202E\u001b[0m`)).toBeNull();
    expect(textFault('')).toBeNull();
  });

  it('stays fast on a frame full of unterminated escape introducers', () => {
    const nasty = '\u001b]'.repeat(8000);
    const started = performance.now();
    expect(cleanText(nasty)).toBe('');
    expect(cleanName(nasty)).toBe('');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
