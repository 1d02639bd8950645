import type * as z from 'zod/mini';
import type { CompiledCheck, CompiledLiteral, CompiledNode, CompiledSchemas } from './schema.js';

/**
 * Refinements JSON cannot express, by their message: each becomes a named check that
 * `validate.ts` implements. `Number.isFinite` is recognised by identity.
 */
const NAMED_REFINEMENTS: Record<string, CompiledCheck> = {
  'has more than 50 keys': ['keys', 50],
};

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  fn?: unknown;
  error?: () => unknown;
}
type Zod = { _zod: { def: Def; optin?: string; optout?: string } };

function compileCheck(def: CheckDef): CompiledCheck {
  switch (def.check) {
    case 'min_length':
      return ['min', def.minimum as number];
    case 'max_length':
      return ['max', def.maximum as number];
    case 'string_format':
      if (def.format !== 'regex' || !def.pattern || def.pattern.flags) break;
      return ['re', def.pattern.source];
    case 'number_format':
      if (def.format !== 'safeint') break;
      return ['int'];
    case 'greater_than':
      return [def.inclusive ? 'gte' : 'gt', def.value as number];
    case 'less_than':
      return [def.inclusive ? 'lte' : 'lt', def.value as number];
    case 'custom': {
      if (def.fn === Number.isFinite) return ['finite'];
      const message = String(def.error?.() ?? '');
      const named = NAMED_REFINEMENTS[message];
      if (named) return named;
      throw new Error(`a refinement the compiled schema cannot express: "${message}"`);
    }
  }
  throw new Error(`a check the compiled schema cannot express: ${JSON.stringify(def)}`);
}

/**
 * Describe zod/mini schemas as a compiled table (see `schema.ts`) by walking their `_zod.def`.
 * Build time and tests only: it throws on anything outside the supported subset.
 */
export function compileSchemas<Name extends string>(
  roots: Record<Name, z.ZodMiniType>,
): CompiledSchemas<Name> {
  const nodes: CompiledNode[] = [];
  const byShape = new Map<string, number>();
  const bySchema = new Map<unknown, number>();

  function add(node: CompiledNode): number {
    const key = JSON.stringify(node);
    let index = byShape.get(key);
    if (index === undefined) {
      index = nodes.push(node) - 1;
      byShape.set(key, index);
    }
    return index;
  }

  function checks(def: Def): { c?: CompiledCheck[] } {
    const list = (def.checks ?? []).map((check) => compileCheck(check._zod.def));
    return list.length ? { c: list } : {};
  }

  function walk(schema: Zod): number {
    const seen = bySchema.get(schema);
    if (seen !== undefined) return seen;
    const def = schema._zod.def;
    let index: number;
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
        index = add({ t: def.type, ...checks(def) });
        break;
      case 'literal':
        index = add({ t: 'literal', v: def.values as CompiledLiteral[] });
        break;
      case 'enum':
        index = add({
          t: 'enum',
          v: Object.values(def.entries as Record<string, CompiledLiteral>),
        });
        break;
      case 'nullable':
      case 'optional':
        index = add({ t: def.type, i: walk(def.innerType as Zod) });
        break;
      case 'object': {
        if (def.catchall) throw new Error('objects with a catchall are not supported');
        const k: Record<string, number> = {};
        const o: string[] = [];
        for (const [key, child] of Object.entries(def.shape as Record<string, Zod>)) {
          const { optin, optout } = child._zod;
          const optional = optin === 'optional' && optout === 'optional';
          // An optional key points at what it wraps: its optional-ness is the `o` list.
          k[key] = walk(
            optional && child._zod.def.type === 'optional'
              ? (child._zod.def.innerType as Zod)
              : child,
          );
          if (optional) o.push(key);
          else if (optin !== undefined || optout !== undefined) {
            throw new Error(`key "${key}": defaults are not supported`);
          }
        }
        index = add(o.length ? { t: 'object', k, o } : { t: 'object', k });
        break;
      }
      case 'array':
        index = add({ t: 'array', e: walk(def.element as Zod), ...checks(def) });
        break;
      case 'record':
        index = add({
          t: 'record',
          k: walk(def.keyType as Zod),
          v: walk(def.valueType as Zod),
          ...checks(def),
        });
        break;
      case 'union': {
        const options = def.options as Zod[];
        if (typeof def.discriminator === 'string') {
          const d = def.discriminator;
          const o: Record<string, number> = {};
          for (const option of options) {
            const shape = option._zod.def.shape as Record<string, Zod>;
            const tag = shape[d]?._zod.def.values as string[];
            for (const value of tag) o[value] = walk(option);
          }
          index = add({ t: 'discriminated', d, o });
        } else {
          if ((def.checks ?? []).length) throw new Error('checks on unions are not supported');
          index = add({ t: 'union', o: options.map(walk) });
        }
        break;
      }
      default:
        throw new Error(`zod type "${def.type}" is not supported by the compiled schema`);
    }
    if (def.type === 'literal' || def.type === 'enum' || def.type === 'nullable') {
      if ((def.checks ?? []).length) throw new Error(`checks on ${def.type} are not supported`);
    }
    bySchema.set(schema, index);
    return index;
  }

  const indices = {} as Record<Name, number>;
  for (const [name, schema] of Object.entries(roots) as [Name, Zod][]) indices[name] = walk(schema);
  return { nodes, roots: indices };
}
