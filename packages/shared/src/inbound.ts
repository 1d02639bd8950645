import { cleanName, cleanText, textFault } from './text.js';

/**
 * Fields shown to people as a one-line label (a visitor's or agent's name, a page title, a
 * department or article title, a search query supervisors see among content gaps).
 */
const NAME_FIELDS: ReadonlySet<string> = new Set(['name', 'title', 'label', 'query']);

/** Fields shown to people as written text: messages, notes, comments, greetings, Markdown. */
const TEXT_FIELDS: ReadonlySet<string> = new Set([
  'text',
  'note',
  'comment',
  'message',
  'greeting',
  'description',
  'body',
]);

/** No client frame nests this deep; deeper input is left to the schema, which refuses it. */
const MAX_DEPTH = 16;

/** Where a client's string was refused, and why. */
export interface TextRefusal {
  path: string;
  message: string;
}

type Cleaner = (text: string) => string;

function cleanerFor(key: string, parentKey: string | null): Cleaner | null {
  if (parentKey === 'attributes') return cleanText;
  if (NAME_FIELDS.has(key)) return cleanName;
  if (TEXT_FIELDS.has(key)) return cleanText;
  return null;
}

function walk(
  value: unknown,
  key: string,
  parentKey: string | null,
  path: string[],
  depth: number,
): { value: unknown } | TextRefusal {
  if (typeof value === 'string') {
    const fault = textFault(value);
    if (fault) return { path: path.join('.') || '(frame)', message: fault };
    const clean = cleanerFor(key, parentKey);
    return { value: clean ? clean(value) : value };
  }
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return { value };
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      // An array's items are what its field holds: a list of names is cleaned as names.
      const result = walk(value[i], key, parentKey, [...path, String(i)], depth + 1);
      if (!('value' in result)) return result;
      out.push(result.value);
    }
    return { value: out };
  }
  const out: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value)) {
    const keyFault = textFault(childKey);
    if (keyFault) return { path: [...path, '(key)'].join('.'), message: keyFault };
    const result = walk(child, childKey, key, [...path, childKey], depth + 1);
    if (!('value' in result)) return result;
    out[childKey] = result.value;
  }
  return { value: out };
}

/**
 * Prepare a frame from a client for its schema: every string is checked (a NUL character or a
 * lone surrogate anywhere refuses the frame) and names and texts are normalised (`cleanName`,
 * `cleanText`; visitor attribute values as texts), so length and emptiness are checked on what
 * others will see. Returns a cleaned copy; the input is not changed.
 * @example cleanInbound({ type: 'chat.send', clientId: 'k', text: 'hi\u202E' }) // { value: {..., text: 'hi' } }
 */
export function cleanInbound(frame: Record<string, unknown>): { value: unknown } | TextRefusal {
  return walk(frame, '', null, [], 0);
}
