// The IPC side of a bench server child: the parent asks, the child answers with its own numbers,
// so memory and CPU are measured in the server process only (never the load generator's).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** `require` as the relay package sees it: the baselines load the same socket.io and ws. */
export const serverRequire = createRequire(
  fileURLToPath(new URL('../../../packages/server/package.json', import.meta.url)),
);

/** Collect garbage until the heap stops shrinking (full GCs, with a turn between them). */
async function collect() {
  if (typeof globalThis.gc !== 'function') throw new Error('start the child with --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 6; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= last * 0.999) break;
    last = used;
  }
}

/**
 * Answer the parent's commands: `gc`, `mem` (process.memoryUsage), `cpu` (process.cpuUsage, in
 * microseconds), `stats` (the server's own counters), `loop` (event-loop delay since the last ask),
 * `profile-start` and `profile-stop` (a CPU profile of one phase, written as `<dir>/<name>.cpuprofile`
 * for `profile-summary.mjs`), `stop`. Then say `ready` with the URL.
 */
export function serve({ url, stats = () => ({}), stop }) {
  // How long the server's event loop was blocked at worst: a stalled loop is what clients feel.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let profiler;
  process.on('message', async (message) => {
    const { id, cmd } = message;
    try {
      let result;
      if (cmd === 'gc') result = await collect();
      else if (cmd === 'mem') result = process.memoryUsage();
      else if (cmd === 'cpu') result = process.cpuUsage();
      else if (cmd === 'stats') result = stats();
      else if (cmd === 'profile-start') {
        profiler ??= new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: 250 });
        await profiler.post('Profiler.start');
      } else if (cmd === 'profile-stop') {
        const { profile } = await profiler.post('Profiler.stop');
        profiler.disconnect();
        profiler = undefined;
        const file = join(message.dir, `${message.name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        result = file;
      } else if (cmd === 'loop') {
        result = { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };
        loop.reset();
      } else if (cmd === 'stop') {
        await stop();
        process.send?.({ id, result: null }, () => process.exit(0));
        return;
      } else throw new Error(`unknown command ${cmd}`);
      process.send?.({ id, result: result ?? null });
    } catch (error) {
      process.send?.({ id, error: String(error?.stack ?? error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: { url } });
}
