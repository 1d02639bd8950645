/**
 * Module graph rules, checked by `pnpm lint:deps` (part of `pnpm lint`) over packages/*\/src.
 * dependency-cruiser reads the TypeScript sources (type-only imports included) and resolves their
 * `.js` specifiers to the `.ts` files; a workspace package resolves through its package.json
 * `exports` to its dist, which is not followed (nor is node_modules).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A module must not import itself back through other modules (type-only and lazy import() count too): move what both sides share into a module that imports neither.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'transport-and-http-use-queries',
      severity: 'error',
      comment:
        'The socket and the HTTP handlers never call the store: reads go through the read side (queries/), writes through the engine or a named service (visitors/registry.ts, sites/appearance.ts, quality/service.ts). Record types may still be imported with `import type`.',
      from: { path: '^packages/server/src/(transport|http)/' },
      to: { path: '^packages/server/src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'The routing core (packages/server/src/core) decides from state and commands only: it may import shared, its own modules and the phone parser (policy/phone.ts), nothing else of the server: not the store, the transport, HTTP, the engine or the config. Records the store keeps for the core are defined in core/records.ts.',
      from: { path: '^packages/server/src/core/' },
      to: {
        path: '^packages/server/src/',
        pathNot: '^packages/server/src/(core/|policy/phone\\.ts$)',
      },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      comment:
        'The routing core is pure: no Node built-in (time and ids come in through CoreContext).',
      from: { path: '^packages/server/src/core/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
