/**
 * A compiled protocol schema: a JSON-serialisable description of a subset of zod/mini, generated
 * from the zod schemas (the source of truth) by `generate.ts`, and checked by `validate.ts`
 * without zod. Nodes live in one table and refer to each other by index, so shared schemas
 * (`VisitorProfile`, `AgentRef`...) are described once.
 */

/**
 * One check, in the order zod runs them: string/array length (`min`, `max`, in code points for
 * strings), `re` (regex source), number `int` (safe integer), `gte` / `lte` / `gt` / `lt`, and the
 * two named refinements JSON cannot express: `keys` (at most n keys) and `finite`.
 */
export type CompiledCheck =
  | ['min' | 'max' | 'gte' | 'lte' | 'gt' | 'lt' | 'keys', number]
  | ['re', string]
  | ['int' | 'finite'];

/** Scalars a literal can hold. */
export type CompiledLiteral = string | number | boolean | null;

/** A node of the table. `c`: checks; other numbers are indices of nodes in the same table. */
export type CompiledNode =
  | { t: 'string' | 'number' | 'boolean' | 'null'; c?: CompiledCheck[] }
  | { t: 'literal' | 'enum'; v: CompiledLiteral[] }
  /** `k`: key to node; `o`: the optional keys (absent or undefined; `k` points at what they wrap). */
  | { t: 'object'; k: Record<string, number>; o?: string[] }
  | { t: 'array'; e: number; c?: CompiledCheck[] }
  | { t: 'record'; k: number; v: number; c?: CompiledCheck[] }
  /** First match wins, as `z.union`. */
  | { t: 'union'; o: number[] }
  /** `d`: the discriminator key; `o`: its value to the option. */
  | { t: 'discriminated'; d: string; o: Record<string, number> }
  | { t: 'nullable' | 'optional'; i: number };

/** A table of nodes and the named roots a client checks against. */
export interface CompiledSchemas<Name extends string = string> {
  nodes: CompiledNode[];
  roots: Record<Name, number>;
}
