import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from '../helpers/relay.js';

let dir: string;
let widgetDist: string;
let consoleDist: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-debug-files-'));
  widgetDist = join(dir, 'widget');
  mkdirSync(join(widgetDist, 'widget', '.vite'), { recursive: true });
  writeFileSync(join(widgetDist, 'widget.js'), '/* loader */\n//# sourceMappingURL=widget.js.map');
  writeFileSync(join(widgetDist, 'widget', 'app-1a2b.js'), 'export const app = 1;');
  writeFileSync(join(widgetDist, 'widget', 'app-1a2b.js.map'), '{"sources":["app.ts"]}');
  writeFileSync(join(widgetDist, 'widget', '.vite', 'manifest.json'), '{"app.ts":{}}');
  consoleDist = join(dir, 'console');
  mkdirSync(join(consoleDist, 'assets'), { recursive: true });
  writeFileSync(join(consoleDist, 'index.html'), '<!doctype html><title>Console</title>');
  writeFileSync(join(consoleDist, 'assets', 'index-9f8e.js'), 'console.log(1)');
  writeFileSync(join(consoleDist, 'assets', 'index-9f8e.js.map'), '{"sources":["main.tsx"]}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEBUG_PATHS = [
  '/widget/app-1a2b.js.map',
  '/widget/app-1a2b.js%2Emap',
  '/widget/.vite/manifest.json',
  '/widget/%2Evite/manifest.json',
  '/console/assets/index-9f8e.js.map',
];

describe('debug files, by default', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({}, { paths: { widgetDist, consoleDist } });
  });
  afterAll(() => relay.close());

  it.each(DEBUG_PATHS)('%s is 404', async (path) => {
    const response = await fetch(`${relay.url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('sources');
  });

  it('still serves the builds themselves', async () => {
    expect((await fetch(`${relay.url}/widget.js`)).status).toBe(200);
    expect((await fetch(`${relay.url}/widget/app-1a2b.js`)).status).toBe(200);
    expect((await fetch(`${relay.url}/console/assets/index-9f8e.js`)).status).toBe(200);
  });
});

describe('debug files with serveSourceMaps', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startRelay({ serveSourceMaps: true }, { paths: { widgetDist, consoleDist } });
  });
  afterAll(() => relay.close());

  it.each([
    '/widget/app-1a2b.js.map',
    '/widget/.vite/manifest.json',
    '/console/assets/index-9f8e.js.map',
  ])('%s is served', async (path) => {
    expect((await fetch(`${relay.url}${path}`)).status).toBe(200);
  });
});
