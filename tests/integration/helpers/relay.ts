// One copy of `startRelay`, kept with the server's own transport tests (whose typecheck only sees
// the server package); the integration tests use the same function.
export * from '../../../packages/server/test/helpers/relay.js';
