// Start a bench server in its own process and talk to it over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Fork `servers/<name>.mjs` with `--expose-gc`; resolves once it listens.
 * @example const server = await startServer('ws-echo'); await server.ask('mem'); await server.stop()
 */
export function startServer(name, env = {}, timeoutMs = 60_000) {
  const file = fileURLToPath(new URL(`../servers/${name}.mjs`, import.meta.url));
  const child = fork(file, [], {
    execArgv: ['--expose-gc', ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map();
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  exited.then(({ code, signal }) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`${name} exited (${code ?? signal})`));
    }
    pending.clear();
  });
  /** Send a command (a name, or `{ cmd, ...fields }`) and resolve with the child's answer. */
  const ask = (cmd, askTimeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name}: no answer to ${cmd.cmd ?? cmd} within ${askTimeoutMs} ms`));
      }, askTimeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send(typeof cmd === 'string' ? { id, cmd } : { id, ...cmd });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (message) => {
      if (!message.ready) return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve({
        name,
        url: message.ready.url,
        pid: child.pid,
        ask,
        /** Memory after full GCs. */
        async memory() {
          await ask('gc');
          return ask('mem');
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            await ask('stop', 30_000).catch(() => child.kill('SIGKILL'));
          }
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.on('message', onReady);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready`));
    });
  });
}
