// Runs vitest with a JSON report beside the usual output, then prints one plain closing line,
// "N passed, N failed, N skipped", which CI reads whatever the runner. Exits with vitest's code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const report = 'tests/.artifacts/vitest.json';
mkdirSync('tests/.artifacts', { recursive: true });
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let line = 'vitest wrote no report: 0 passed, 1 failed';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  line = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  if (r.numTotalTests === 0) line = '0 passed, 1 failed (no test ran)';
} catch {}
process.stdout.write(`\n${line}\n`);
process.exit(run.status ?? 1);
