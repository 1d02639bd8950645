// engine.io's HTTP long-polling transport, in a chunk of its own: most visitors connect by
// WebSocket and never need it. socket-transport.ts loads it the first time a WebSocket attempt
// fails without an answer from the relay (a proxy or network policy that blocks WebSocket).
export { XHR } from 'engine.io-client';
