/**
 * Normalising what people type before anyone else sees it. A name or message travels from one
 * person's keyboard to another person's screen (and to logs, CSV exports and terminals), so the
 * relay removes what can make text lie about itself: terminal escape sequences, control
 * characters, and the bidirectional overrides that let `Maya Chen\u202E)tnega(` display as
 * `Maya Chen(agent)`. Names lose invisible characters too; messages keep their line breaks and tabs.
 */

// ESC-introduced sequences (and their one-byte C1 forms), removed whole so no parameter bytes are
// left behind as visible junk: CSI (`ESC [ ... final`), string commands ending in BEL or ST
// (OSC `ESC ]`, DCS `ESC P`, SOS, PM, APC; bounded so a string of unterminated introducers stays
// linear), then any other `ESC` with its intermediates and final byte (a space after `ESC` is read
// as a space, not as the start of a sequence).
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]{0,512}(?:\u0007|\u001b\\|\u009c)|\u001b(?:[\u0021-\u002f]*[\u0030-\u007e])?/g;

/** C0 controls, DEL and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** C0 controls, DEL and C1 controls except tab and line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Embeddings, overrides and isolates: they reorder what follows them on screen. */
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Characters that show nothing in a name: direction marks (U+200E, U+200F, U+061C), soft hyphen,
 * zero-width space, word joiner and invisible operators, deprecated format characters, the BOM,
 * the Mongolian vowel separator and the Hangul fillers (which render as blanks).
 */
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]/g;

/** A zero-width joiner or non-joiner, kept only between two visible characters. */
const JOINER = /[\u200c\u200d]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const VISIBLE = /[^\s\u200c\u200d]/;

function stripCommon(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(ESCAPE_SEQUENCE, '').replace(BIDI_OVERRIDE, '');
}

/** Keep a joiner only inside a sequence (emoji ZWJ family, Persian ZWNJ), never at an edge. */
function keepInnerJoiners(text: string): string {
  return text.replace(JOINER, (joiner, at: number) =>
    VISIBLE.test(text.charAt(at - 1)) && VISIBLE.test(text.charAt(at + 1)) ? joiner : '',
  );
}

/**
 * A display name as others should see it: NFC, no control characters or escape sequences, no
 * bidirectional controls, no invisible characters (a zero-width joiner or non-joiner survives
 * between two visible characters, so emoji sequences and Persian names stay whole), runs of
 * whitespace (line breaks and tabs too) as one space, trimmed. May return `''`.
 * @example cleanName('  Maya\u200B Chen \u202E)tnega(') // 'Maya Chen )tnega('
 */
export function cleanName(name: string): string {
  const stripped = stripCommon(name)
    .replace(/[\t\n\v\f\r]/g, ' ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '');
  return keepInnerJoiners(stripped.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/**
 * A message as others should see it: NFC, line breaks as `\n` (from `\r\n` and `\r`), tabs and
 * line breaks kept, other control characters and escape sequences removed, bidirectional
 * embeddings, overrides and isolates removed. Direction marks and joiners stay (mixed-script text
 * needs them). May return `''` when nothing visible was sent.
 * @example cleanText('ok\r\n\u001b[31mred\u001b[0m') // 'ok\nred'
 */
export function cleanText(text: string): string {
  return stripCommon(text.replace(/\r\n?/g, '\n')).replace(CONTROL_IN_TEXT, '').normalize('NFC');
}

/**
 * What makes a string unacceptable rather than cleanable: a NUL character (truncates it in C
 * tools and some databases) or a lone surrogate (not Unicode: it cannot be stored or encoded as
 * UTF-8 faithfully). Null when the string is fine.
 * @example textFault('a\u0000b') // 'contains a NUL character'
 */
export function textFault(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (HAS_LONE_SURROGATE.test(text)) return 'contains a lone surrogate (not valid Unicode)';
  return null;
}
