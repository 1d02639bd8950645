import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { ConfigSchema } from '../src/config.js';

// docs/operations.md is the configuration reference; this keeps it complete against the schema:
// every field a config file may hold is named there (as `field`, `parent.field` or
// `sites[].field`), so an operator never meets a setting the docs do not explain.
const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
/** The words inside the doc's code spans and blocks: `{ id?, shortcut, title, text }` names four. */
const codeWords = new Set(
  [...doc.matchAll(/`+([^`]+)`+/g)].flatMap((m) => (m[1] ?? '').match(/[A-Za-z_][\w]*/g) ?? []),
);

/** The object schema inside defaults, optionals, arrays and pipes, if there is one. */
function objectInside(schema: z.ZodType): z.ZodObject | null {
  let current: unknown = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return null;
    if (def.type === 'object') return current as z.ZodObject;
    current = def.innerType ?? def.element ?? def.in ?? null;
    if (!current) return null;
  }
  return null;
}

/** Every documented path: top-level fields, `sites[].x`, and one level into plain objects. */
function fieldPaths(): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(ConfigSchema.shape)) {
    paths.push(key);
    const inner = objectInside(value as z.ZodType);
    if (!inner) continue;
    const isList =
      (value as z.ZodType)._zod.def.type === 'default'
        ? (value as z.ZodDefault)._zod.def.innerType._zod.def.type === 'array'
        : (value as z.ZodType)._zod.def.type === 'array';
    for (const child of Object.keys(inner.shape)) {
      paths.push(isList ? `${key}[].${child}` : `${key}.${child}`);
    }
  }
  return paths;
}

describe('docs/operations.md, the configuration reference', () => {
  it('names every configuration field', () => {
    const paths = fieldPaths();
    expect(paths.length).toBeGreaterThan(40);
    // A field counts as named when its last part is a word in the doc's code (a table row
    // `sites[].callback`, or a list of its fields like `{ url, secretEnv, events? }`).
    const missing = paths.filter((path) => !codeWords.has(path.split('.').at(-1) ?? path));
    expect(missing, 'fields docs/operations.md does not mention').toEqual([]);
  });
});
