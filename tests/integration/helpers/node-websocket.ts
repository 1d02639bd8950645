// Node 20 has no global WebSocket, and the widget's transport uses the browser's (engine.io-client
// reads it when first loaded). Import this module before anything that loads engine.io-client, so
// the product's client code runs in Node over `ws`, the same library the relay uses.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../../packages/server/package.json', import.meta.url));
const scope = globalThis as { WebSocket?: unknown };
scope.WebSocket ??= require('ws');
