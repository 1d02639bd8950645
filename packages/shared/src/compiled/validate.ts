import type { ErrorCode } from '../errors.js';
import type { ErrorFrame } from '../frames/common.js';
import type { CompiledCheck, CompiledNode, CompiledSchemas } from './schema.js';

/**
 * A problem found by the compiled validator, as zod/mini would report it: where, what (already in
 * the words of `issueDetails`), whether it is a `too_big`, and zod's `continue` flag (`true`: the
 * schema's remaining checks still run; `false`: even length checks stop; absent: aborts).
 */
export interface CompiledIssue {
  path: PropertyKey[];
  message: string;
  big?: true;
  cont?: boolean;
}

/** The outcome of checking a value: the decoded value (unknown keys stripped) and the issues. */
export interface Checked {
  value: unknown;
  issues: CompiledIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plain object as zod's `isPlainObject` sees it (records). */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const ctor = v.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  return isObject(proto) && Object.hasOwn(proto, 'isPrototypeOf');
}

const aborted = (issues: CompiledIssue[], from = 0) =>
  issues.slice(from).some((issue) => issue.cont !== true);

/** Code points, as zod measures strings (only counted when the UTF-16 length leaves it open). */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** zod's max_length: strings in code points; anything else by its `length`, compared as zod does. */
function withinMax(value: unknown, max: number): boolean {
  const units = (value as { length: number }).length;
  const length = typeof value === 'string' && units > max ? codePoints(value) : units;
  return length <= max;
}

/** zod's min_length, the same way. */
function withinMin(value: unknown, min: number): boolean {
  const units = (value as { length: number }).length;
  const length =
    typeof value === 'string' && units >= min && units < min * 2 ? codePoints(value) : units;
  return length >= min;
}

const originOf = (value: unknown) =>
  Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'unknown';

const tooBig = (value: unknown, max: number): CompiledIssue => ({
  path: [],
  message: `must be at most ${max}${originOf(value) === 'string' ? ' characters' : ''}`,
  big: true,
  cont: true,
});
const tooSmall = (value: unknown, min: number): CompiledIssue => ({
  path: [],
  message:
    originOf(value) === 'string' && min === 1 ? 'must not be empty' : `must be at least ${min}`,
  cont: true,
});
const expected = (what: string): CompiledIssue => ({ path: [], message: `expected ${what}` });
const NOT_VALID = 'is not valid';

const regexes = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexes.get(source);
  if (!re) {
    re = new RegExp(source);
    regexes.set(source, re);
  }
  return re;
}

/** Run one check on a parsed value, pushing what it finds. */
function runCheck(check: CompiledCheck, value: unknown, issues: CompiledIssue[]): void {
  const v = value as number;
  switch (check[0]) {
    case 'min':
      if (!withinMin(value, check[1])) issues.push(tooSmall(value, check[1]));
      return;
    case 'max':
      if (!withinMax(value, check[1])) issues.push(tooBig(value, check[1]));
      return;
    case 're':
      if (!regex(check[1]).test(value as string)) {
        issues.push({ path: [], message: 'must be a valid regex', cont: true });
      }
      return;
    case 'int':
      if (!Number.isInteger(v)) issues.push({ ...expected('int'), cont: false });
      else if (!Number.isSafeInteger(v)) {
        issues.push(
          v > 0 ? tooBig(v, Number.MAX_SAFE_INTEGER) : tooSmall(v, Number.MIN_SAFE_INTEGER),
        );
      }
      return;
    case 'gte':
    case 'gt':
      if (check[0] === 'gte' ? !(v >= check[1]) : !(v > check[1])) {
        issues.push(tooSmall(v, check[1]));
      }
      return;
    case 'lte':
    case 'lt':
      if (check[0] === 'lte' ? !(v <= check[1]) : !(v < check[1])) issues.push(tooBig(v, check[1]));
      return;
    case 'keys':
      if (Object.keys(value as object).length > check[1]) {
        issues.push({ path: [], message: NOT_VALID, cont: true });
      }
      return;
    case 'finite':
      if (!Number.isFinite(v)) issues.push({ path: [], message: NOT_VALID, cont: true });
      return;
  }
}

/** zod's `runChecks`: length checks run on anything with a length unless explicitly aborted. */
function runChecks(checks: CompiledCheck[], result: Checked): Checked {
  const { issues, value } = result;
  let isAborted = aborted(issues);
  for (const check of checks) {
    if (check[0] === 'min' || check[0] === 'max') {
      if (issues.some((issue) => issue.cont === false)) continue;
      if (value === null || value === undefined) continue;
      if ((value as { length?: unknown }).length === undefined) continue;
    } else if (isAborted) continue;
    const before = issues.length;
    runCheck(check, value, issues);
    if (issues.length !== before && !isAborted) isAborted = aborted(issues, before);
  }
  return result;
}

const prefix = (key: PropertyKey, issues: CompiledIssue[]) =>
  issues.map((issue) => ({ ...issue, path: [key, ...issue.path] }));

/** Check `input` against node `index` of `nodes`, exactly as zod/mini's `safeParse` would. */
export function check(nodes: readonly CompiledNode[], index: number, input: unknown): Checked {
  const node = nodes[index];
  if (!node) throw new Error(`no compiled node ${index}`);
  const issues: CompiledIssue[] = [];
  switch (node.t) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null': {
      const ok =
        node.t === 'null'
          ? input === null
          : node.t === 'number'
            ? typeof input === 'number' && Number.isFinite(input)
            : typeof input === node.t;
      if (!ok) issues.push(expected(node.t));
      return node.c ? runChecks(node.c, { value: input, issues }) : { value: input, issues };
    }
    case 'literal':
    case 'enum':
      if (!node.v.includes(input as never)) {
        const values = node.v.map((v) => JSON.stringify(v)).join(', ');
        issues.push({ path: [], message: `must be one of ${values}` });
      }
      return { value: input, issues };
    case 'nullable':
      return input === null ? { value: null, issues } : check(nodes, node.i, input);
    case 'optional':
      return input === undefined ? { value: undefined, issues } : check(nodes, node.i, input);
    case 'object': {
      if (!isObject(input)) return { value: input, issues: [expected('object')] };
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node.k)) {
        const optional = node.o?.includes(key) ?? false;
        const present = key in input;
        if (optional && input[key] === undefined) {
          // Absent, or present as undefined (kept, as zod keeps it).
          if (present) value[key] = undefined;
          continue;
        }
        const result = check(nodes, child, input[key]);
        if (result.issues.length) issues.push(...prefix(key, result.issues));
        if (!present) {
          if (!result.issues.length) issues.push({ path: [key], message: 'expected nonoptional' });
          continue;
        }
        value[key] = result.value;
      }
      return { value, issues };
    }
    case 'array': {
      if (!Array.isArray(input)) {
        issues.push(expected('array'));
        return node.c ? runChecks(node.c, { value: input, issues }) : { value: input, issues };
      }
      // zod caps an overlong array before reading its items: one issue, nothing else runs.
      for (const c of node.c ?? []) {
        if (c[0] !== 'max' && c[0] !== 'min') break;
        if (c[0] === 'max' && input.length > c[1]) {
          return { value: input, issues: [{ ...tooBig(input, c[1]), cont: false }] };
        }
      }
      const value: unknown[] = new Array(input.length);
      for (let i = 0; i < input.length; i++) {
        const result = check(nodes, node.e, input[i]);
        if (result.issues.length) issues.push(...prefix(i, result.issues));
        value[i] = result.value;
      }
      return node.c ? runChecks(node.c, { value, issues }) : { value, issues };
    }
    case 'record': {
      if (!isPlain(input)) {
        issues.push(expected('record'));
        return node.c ? runChecks(node.c, { value: input, issues }) : { value: input, issues };
      }
      const value: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (key === '__proto__') continue;
        if (check(nodes, node.k, key).issues.length) {
          issues.push({ path: [key], message: NOT_VALID });
          continue;
        }
        const result = check(nodes, node.v, input[key]);
        if (result.issues.length) issues.push(...prefix(key, result.issues));
        value[key] = result.value;
      }
      return node.c ? runChecks(node.c, { value, issues }) : { value, issues };
    }
    case 'union': {
      const results: Checked[] = [];
      for (const option of node.o) {
        const result = check(nodes, option, input);
        if (result.issues.length === 0) return result;
        results.push(result);
      }
      const live = results.filter((result) => !aborted(result.issues));
      if (live.length === 1 && live[0]) return live[0];
      return { value: input, issues: [{ path: [], message: NOT_VALID }] };
    }
    case 'discriminated': {
      if (!isObject(input)) return { value: input, issues: [expected('object')] };
      const tag = input[node.d];
      const option =
        typeof tag === 'string' && Object.hasOwn(node.o, tag) ? node.o[tag] : undefined;
      if (option !== undefined) return check(nodes, option, input);
      return { value: input, issues: [{ path: [node.d], message: NOT_VALID }] };
    }
  }
}

/** The outcome of decoding with a compiled schema (the same shape as `Decoded`). */
export type CompiledDecoded<T> = { ok: true; value: T } | { ok: false; error: ErrorFrame };

function errorOf(code: ErrorCode, message: string, details?: ErrorFrame['details']): ErrorFrame {
  return details ? { type: 'error', code, message, details } : { type: 'error', code, message };
}

/** `issueDetails` for compiled issues: at most 10, one line per field at fault. */
export function compiledDetails(
  issues: readonly CompiledIssue[],
): NonNullable<ErrorFrame['details']> {
  return issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.') || '(frame)',
    message: issue.message,
  }));
}

/**
 * A decoder for frames from the relay (no size limit), equivalent to `createDecoder` in
 * `decode.ts` with zod: object, then a known string `type`, then the full schema.
 */
export function createCompiledDecoder<T>(
  schemas: CompiledSchemas,
  root: number,
): (input: unknown) => CompiledDecoded<T> {
  const union = schemas.nodes[root];
  const known = union?.t === 'discriminated' ? union.o : {};
  return (input) => {
    if (!isObject(input)) {
      return { ok: false, error: errorOf('BAD_FRAME', 'A frame must be a JSON object.') };
    }
    const type = input.type;
    if (typeof type !== 'string') {
      return { ok: false, error: errorOf('BAD_FRAME', 'A frame needs a string "type".') };
    }
    if (!Object.hasOwn(known, type)) {
      return {
        ok: false,
        error: errorOf('UNKNOWN_TYPE', `Unknown frame type "${type.slice(0, 64)}".`),
      };
    }
    const { value, issues } = check(schemas.nodes, root, input);
    if (issues.length === 0) return { ok: true, value: value as T };
    const details = compiledDetails(issues);
    return {
      ok: false,
      error: issues.some((issue) => issue.big)
        ? errorOf('PAYLOAD_TOO_LARGE', `"${type}": a field is longer than allowed.`, details)
        : errorOf('BAD_FRAME', `"${type}" is malformed.`, details),
    };
  };
}

/** `safeParse` with a compiled schema: the value (unknown keys stripped), or the issues. */
export function parseCompiled<T>(
  schemas: CompiledSchemas,
  root: number,
  input: unknown,
): { success: true; data: T } | { success: false; issues: CompiledIssue[] } {
  const { value, issues } = check(schemas.nodes, root, input);
  return issues.length ? { success: false, issues } : { success: true, data: value as T };
}
