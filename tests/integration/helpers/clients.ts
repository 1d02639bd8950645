// One copy of the socket helpers, kept with the server's own transport tests (whose typecheck only
// sees the server package); the integration tests use the same functions.
export * from '../../../packages/server/test/helpers/clients.js';
