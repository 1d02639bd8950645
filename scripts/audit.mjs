// `pnpm audit:deps`: fail on any high or critical advisory in the installed dependencies.
// Where the registry's advisory endpoint cannot be reached (an offline or proxied build machine
// answers 405 or nothing), say so loudly and pass: the check cannot be made there, and a build
// must not fail for a network it does not control. Everything else (advisories found, a pnpm
// error of another kind) fails.
import { spawnSync } from 'node:child_process';

const run = spawnSync('pnpm', ['audit', '--json'], { encoding: 'utf8', shell: false });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  process.stderr.write(`pnpm audit printed no JSON:\n${run.stdout}\n${run.stderr}\n`);
  process.exit(1);
}

const UNREACHABLE = ['ERR_PNPM_AUDIT_BAD_RESPONSE', 'ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS'];
if (report.error) {
  if (
    UNREACHABLE.includes(report.error.code) ||
    /ENOTFOUND|ECONNREFUSED|ETIMEDOUT/.test(report.error.message)
  ) {
    process.stdout.write(
      `WARNING: the advisory database could not be reached, so no audit was made here ` +
        `(${report.error.code}: ${report.error.message.slice(0, 160)}). Run \`pnpm audit:deps\` where the registry's audit endpoint is reachable.\n`,
    );
    process.exit(0);
  }
  process.stderr.write(`pnpm audit failed: ${report.error.code}: ${report.error.message}\n`);
  process.exit(1);
}

const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
const line = ['critical', 'high', 'moderate', 'low', 'info']
  .map((level) => `${counts[level] ?? 0} ${level}`)
  .join(', ');
process.stdout.write(`pnpm audit: ${line}\n`);
if (serious > 0) {
  for (const advisory of Object.values(report.advisories ?? {})) {
    if (advisory.severity !== 'high' && advisory.severity !== 'critical') continue;
    process.stdout.write(
      `  ${advisory.severity}: ${advisory.module_name} ${advisory.vulnerable_versions}: ${advisory.title} (${advisory.url})\n`,
    );
  }
  process.exit(1);
}
