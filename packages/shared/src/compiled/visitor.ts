import type { ServerToVisitor, VisitorIdentify, VisitorUpdate } from '../frames/visitor.js';
import type { PrechatAnswers } from '../model.js';
import { type CompiledIssue, createCompiledDecoder, parseCompiled } from './validate.js';
import { VISITOR_SCHEMAS, type VisitorSchemaName } from './visitor-schemas.generated.js';

/** What each compiled visitor schema decodes to. */
export interface VisitorSchemaTypes {
  ServerToVisitor: ServerToVisitor;
  VisitorIdentify: VisitorIdentify;
  VisitorUpdate: VisitorUpdate;
  PrechatAnswers: PrechatAnswers;
}

/**
 * Decode a frame the relay sent a visitor without zod: the same result as `decodeServerToVisitor`
 * (value with unknown keys stripped, or the same error frame), from the compiled description.
 * The widget's decoder: no zod at run time, no `new Function` (strict CSP).
 */
export const decodeServerToVisitorCompiled = /* @__PURE__ */ createCompiledDecoder<ServerToVisitor>(
  VISITOR_SCHEMAS,
  VISITOR_SCHEMAS.roots.ServerToVisitor,
);

/**
 * `safeParse` of a visitor schema without zod (identify, setAttributes, stored pre-chat answers).
 * @example parseVisitorSchema('VisitorUpdate', { type: 'visitor.update', name: 'Ana' })
 */
export function parseVisitorSchema<N extends VisitorSchemaName>(
  name: N,
  input: unknown,
): { success: true; data: VisitorSchemaTypes[N] } | { success: false; issues: CompiledIssue[] } {
  return parseCompiled<VisitorSchemaTypes[N]>(VISITOR_SCHEMAS, VISITOR_SCHEMAS.roots[name], input);
}
