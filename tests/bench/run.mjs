// `pnpm bench`: the FAQ search benchmark (5,000 generated articles), printed median and p99.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = fileURLToPath(new URL('./vitest.config.ts', import.meta.url));
const result = spawnSync(
  process.execPath,
  [`${root}node_modules/vitest/vitest.mjs`, 'bench', '--run', '--config', config],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
