// The widget's weight on the host page, measured in Debian's Chromium: the demo shop served by
// the real relay, with the widget and without it (the same HTML, the snippet's script tag
// removed), N cold runs each (a fresh browser context per run), at full CPU speed and at 4x CPU
// throttling (a mid-range phone). Prints a table of medians [min-max] and writes every number to
// tests/bench/results/widget-weight.json. Run alone: `node tests/bench/widget-weight.mjs [--runs 9]`
// (or WIDGET_WEIGHT_RUNS=9); `pnpm bench` runs it too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CATEGORIES,
  categorize,
  ensureBuilt,
  launchChromium,
  measureOnce,
  ROOT,
  startRelay,
  widgetFiles,
} from './widget-weight-lib.mjs';

const argRuns = process.argv.indexOf('--runs');
const RUNS = Number(
  argRuns > 0 ? process.argv[argRuns + 1] : (process.env.WIDGET_WEIGHT_RUNS ?? 9),
);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) {
  process.stderr.write('--runs must be a whole number from 1 to 50\n');
  process.exit(2);
}
const OUT = join(ROOT, 'tests/bench/results/widget-weight.json');
const RATES = [1, 4];
const WIDGET_CATEGORIES = ['loader', 'app', 'prefetch', 'socket'];

const say = (line = '') => process.stdout.write(`${line}\n`);

function stats(values) {
  const list = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (list.length === 0) return null;
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), values: list };
}

/** The gzip size of every widget file a run fetched in `phase`, by category. */
function gzipBytes(run, phase, relayUrl, files) {
  const out = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const { url, phase: p } of run.urls) {
    if (p !== phase) continue;
    const category = categorize(url, relayUrl, files);
    const path = new URL(url).pathname.slice(1);
    const size = files.sizes.get(path);
    if (size && (category === 'loader' || category === 'app' || category === 'prefetch')) {
      out[category] += size.gzip;
    }
  }
  return out;
}

const total = (bytes, categories) => categories.reduce((sum, c) => sum + bytes[c], 0);

/** Long tasks the widget caused: with the widget, those that start once the page has loaded
 * (the loader runs nothing before `load` but its own few lines), and long animation frames whose
 * scripts come from the widget. */
function widgetTasks(run, relayUrl) {
  const afterLoad = run.longtasks.filter((t) => t.start >= run.timing.loadEventStart);
  const loafScripts = run.loafs.flatMap((frame) =>
    frame.scripts
      .filter((s) => s.url?.startsWith(`${relayUrl}/widget`))
      .map((s) => ({ ...s, frameDuration: frame.duration })),
  );
  return { afterLoad, loafScripts };
}

/** One run's numbers for the JSON, without its request list. */
function compact(run, relayUrl) {
  const round = (v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);
  const roundAll = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
  return {
    timing: roundAll(run.timing),
    launcherAt: round(run.launcherAt),
    thread: roundAll(run.thread),
    bytes: run.bytes,
    requests: run.requests,
    longtasks: run.longtasks.map((t) => ({ start: round(t.start), duration: round(t.duration) })),
    widgetScriptsInLongFrames: widgetTasks(run, relayUrl).loafScripts.map((s) => ({
      invoker: s.invoker,
      url: s.url,
      duration: round(s.duration),
      frameDuration: round(s.frameDuration),
    })),
    opened: run.opened && {
      ...roundAll({ dialogMs: run.opened.dialogMs, taskMs: run.opened.taskMs }),
      scriptMs: round(run.opened.scriptMs),
      bytes: run.opened.bytes,
      longtasks: run.opened.longtasks.map((t) => round(t.duration)),
    },
    errors: run.errors,
  };
}

function summarize(runs, relayUrl, files) {
  const pick = (fn) => stats(runs.map(fn));
  const byCategory = (fn) =>
    Object.fromEntries(CATEGORIES.map((c) => [c, pick((run) => fn(run)[c])]));
  const tasks = runs.map((run) => widgetTasks(run, relayUrl));
  const allAfterLoad = tasks.flatMap((t) => t.afterLoad);
  const summary = {
    runs: runs.length,
    fcp: pick((r) => r.timing.fcp),
    domContentLoaded: pick((r) => r.timing.domContentLoaded),
    loadEventEnd: pick((r) => r.timing.loadEventEnd),
    launcherVisible: pick((r) => r.launcherAt),
    taskMs: pick((r) => r.thread.taskMs),
    scriptMs: pick((r) => r.thread.scriptMs),
    layoutMs: pick((r) => r.thread.layoutMs),
    longTasks: {
      count: pick((r) => r.longtasks.length),
      longest: pick((r) => Math.max(0, ...r.longtasks.map((t) => t.duration))),
      afterLoadCount: allAfterLoad.length,
      afterLoadLongest: Math.max(0, ...allAfterLoad.map((t) => t.duration)),
      afterLoadRunsWithAny: tasks.filter((t) => t.afterLoad.length > 0).length,
      attribution: [...new Set(allAfterLoad.flatMap((t) => t.attribution))],
      widgetScriptsInLongFrames: tasks
        .flatMap((t) => t.loafScripts)
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 5),
    },
    bytes: byCategory((r) => r.bytes),
    bytesWidget: pick((r) => total(r.bytes, WIDGET_CATEGORIES)),
    bytesTotal: pick((r) => total(r.bytes, CATEGORIES)),
    gzip: byCategory((r) => gzipBytes(r, 'before', relayUrl, files)),
    requests: byCategory((r) => r.requests),
    errors: [...new Set(runs.flatMap((r) => r.errors))],
  };
  const opened = runs.map((r) => r.opened).filter(Boolean);
  if (opened.length) {
    const openTasks = opened.flatMap((o) => o.longtasks);
    summary.open = {
      runs: opened.length,
      dialogMs: stats(opened.map((o) => o.dialogMs)),
      taskMs: stats(opened.map((o) => o.taskMs)),
      scriptMs: stats(opened.map((o) => o.scriptMs)),
      bytes: Object.fromEntries(CATEGORIES.map((c) => [c, stats(opened.map((o) => o.bytes[c]))])),
      bytesTotal: stats(opened.map((o) => total(o.bytes, CATEGORIES))),
      gzip: Object.fromEntries(
        CATEGORIES.map((c) => [
          c,
          stats(runs.filter((r) => r.opened).map((r) => gzipBytes(r, 'open', relayUrl, files)[c])),
        ]),
      ),
      longTaskCount: openTasks.length,
      longTaskLongest: Math.max(0, ...openTasks.map((t) => t.duration)),
    };
  }
  return summary;
}

function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

// ---- the table -------------------------------------------------------------------------------

const ms = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(v < 10 ? 1 : 0)}`);
const kb = (v) => (v === null || v === undefined ? '-' : `${(v / 1024).toFixed(1)}`);
const range = (s, fmt) => (s ? `${fmt(s.median)} [${fmt(s.min)}-${fmt(s.max)}]` : '-');
const diff = (a, b, fmt) =>
  a && b ? `${a.median - b.median >= 0 ? '+' : ''}${fmt(a.median - b.median)}` : '-';
const row = (label, without, withW, d) =>
  say(`  ${label.padEnd(34)}${without.padStart(22)}${withW.padStart(22)}${d.padStart(12)}`);

function timingTable(rate, without, withW) {
  say();
  say(
    rate === 1
      ? `CPU 1x (this machine, no throttling): ${withW.runs} cold runs each, median [min-max]`
      : `CPU ${rate}x throttled (a mid-range phone): ${withW.runs} cold runs each, median [min-max]`,
  );
  row('', 'without widget', 'with widget', 'difference');
  const line = (label, key, fmt = ms) =>
    row(
      label,
      range(without[key], fmt),
      range(withW[key], fmt),
      diff(withW[key], without[key], fmt),
    );
  line('first contentful paint (ms)', 'fcp');
  line('DOMContentLoaded (ms)', 'domContentLoaded');
  line('loadEventEnd (ms)', 'loadEventEnd');
  row('launcher visible (ms)', '-', range(withW.launcherVisible, ms), '');
  line('main thread TaskDuration (ms)', 'taskMs');
  line('  ScriptDuration (ms)', 'scriptMs');
  line('  Layout + RecalcStyle (ms)', 'layoutMs');
  row(
    'long tasks per load (count)',
    range(without.longTasks.count, (v) => String(v)),
    range(withW.longTasks.count, (v) => String(v)),
    diff(withW.longTasks.count, without.longTasks.count, (v) => String(v)),
  );
  row(
    'longest long task (ms)',
    range(without.longTasks.longest, ms),
    range(withW.longTasks.longest, ms),
    '',
  );
  const t = withW.longTasks;
  say(
    `  long tasks after load (the widget's): ${t.afterLoadCount} in ${withW.runs} runs ` +
      `(${t.afterLoadRunsWithAny} runs with any), longest ${ms(t.afterLoadLongest)} ms; ` +
      `without the widget: ${without.longTasks.afterLoadCount}. Target none over 50 ms: ` +
      `${t.afterLoadCount === 0 ? 'met' : 'MISSED'}`,
  );
  if (t.attribution.length) say(`    attribution: ${t.attribution.join('; ')}`);
  for (const s of t.widgetScriptsInLongFrames) {
    say(
      `    widget script in a long frame: ${ms(s.duration)} ms of a ${ms(s.frameDuration)} ms frame, ` +
        `${s.invoker} (${s.url.replace(/^https?:\/\/[^/]+/, '')})`,
    );
  }
}

function bytesTable(without, withW) {
  say();
  say(
    'Bytes before first interaction (CPU 1x; on the wire as the relay sends them, uncompressed; ' +
      'gzip = those files gzipped, as behind a proxy with gzip):',
  );
  row('', 'without widget', 'with widget', 'gzip (with)');
  const labels = {
    host: 'host page (HTML, CSS, JS) KB',
    loader: 'loader widget.js KB',
    app: 'first-load app chunk(s) KB',
    prefetch: 'idle-prefetched chunks KB',
    socket: 'socket (handshake + frames) KB',
    other: 'other KB',
  };
  for (const c of CATEGORIES) {
    if (!withW.bytes[c]?.max && !without.bytes[c]?.max) continue;
    row(
      labels[c],
      range(without.bytes[c], kb),
      range(withW.bytes[c], kb),
      withW.gzip[c]?.max ? kb(withW.gzip[c].median) : '',
    );
  }
  const gz = WIDGET_CATEGORIES.reduce((sum, c) => sum + (withW.gzip[c]?.median ?? 0), 0);
  row(
    'total KB',
    range(without.bytesTotal, kb),
    range(withW.bytesTotal, kb),
    diff(withW.bytesTotal, without.bytesTotal, kb),
  );
  say(
    `  the widget costs a visitor who never opens it: ${kb(withW.bytesWidget.median)} KB as served ` +
      `(${kb(gz + (withW.bytes.socket?.median ?? 0))} KB with the scripts gzipped); requests: ` +
      WIDGET_CATEGORIES.map((c) => `${c} ${withW.requests[c]?.median ?? 0}`).join(', '),
  );
  const open = withW.open;
  if (open) {
    say();
    say(`Opening the chat (click the launcher), ${open.runs} runs, median [min-max]:`);
    const parts = CATEGORIES.filter((c) => open.bytes[c]?.max);
    say(
      `  adds ${range(open.bytesTotal, kb)} KB (` +
        (parts.length === 0 ? 'nothing: all it needs was prefetched' : '') +
        parts
          .map(
            (c) =>
              `${c} ${kb(open.bytes[c].median)}${open.gzip[c]?.max ? `, gzip ${kb(open.gzip[c].median)}` : ''}`,
          )
          .join('; ') +
        `); dialog visible ${range(open.dialogMs, ms)} ms after the click; ` +
        `main thread +${range(open.taskMs, ms)} ms; long tasks ${open.longTaskCount}` +
        (open.longTaskCount ? ` (longest ${ms(open.longTaskLongest)} ms)` : ''),
    );
  }
}

// ---- the run ---------------------------------------------------------------------------------

async function main() {
  ensureBuilt();
  const files = widgetFiles();
  const relay = await startRelay();
  const browser = await launchChromium();
  const raw = {};
  const summary = {};
  const started = Date.now();
  const loadBefore = loadavg()[0];
  try {
    for (const rate of RATES) {
      const runs = { with: [], without: [] };
      // One pair first, thrown away: the first page a browser and a relay serve is slower.
      for (const withWidget of [true, false]) {
        await measureOnce(browser, relay.url, files, { withWidget, cpuRate: rate, open: false });
      }
      for (let i = 0; i < RUNS; i++) {
        // Alternate the order, so a drift in the machine's load touches both sides alike.
        const order = i % 2 ? [false, true] : [true, false];
        for (const withWidget of order) {
          const run = await measureOnce(browser, relay.url, files, {
            withWidget,
            cpuRate: rate,
            open: withWidget,
          });
          runs[withWidget ? 'with' : 'without'].push(run);
        }
        process.stderr.write(`widget-weight: CPU ${rate}x run ${i + 1}/${RUNS}\n`);
      }
      raw[`cpu${rate}x`] = {
        with: runs.with.map((run) => compact(run, relay.url)),
        without: runs.without.map((run) => compact(run, relay.url)),
      };
      summary[`cpu${rate}x`] = {
        without: summarize(runs.without, relay.url, files),
        with: summarize(runs.with, relay.url, files),
      };
    }
  } finally {
    await browser.close();
    await relay.stop();
  }

  const cpu = cpus();
  const machine = {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    chromium: chromiumVersion(),
    date: new Date().toISOString(),
    /** 1-minute load average when the runs began and ended: others share this machine. */
    loadAverage: [loadBefore, loadavg()[0]].map((v) => Math.round(v * 10) / 10),
  };
  const targets = Object.fromEntries(
    RATES.map((rate) => {
      const t = summary[`cpu${rate}x`].with.longTasks;
      return [
        `cpu${rate}x`,
        {
          widgetLongTasksOver50ms: t.afterLoadCount,
          longestMs: t.afterLoadLongest,
          met: t.afterLoadCount === 0,
        },
      ];
    }),
  );
  const one = summary.cpu1x;
  const result = {
    name: 'widget-weight',
    machine,
    runs: RUNS,
    seconds: Math.round((Date.now() - started) / 1000),
    method:
      'demo page served by the built relay; without = the same HTML with the snippet removed ' +
      '(both through the same request interception); a fresh browser context per run (cold ' +
      'cache, new visitor); settle = load + launcher visible + network idle 700 ms + 1 s; ' +
      'main-thread times from CDP Performance.getMetrics; bytes from CDP Network ' +
      '(encodedDataLength, WebSocket handshake headers and frame payloads); widget long tasks = ' +
      'longtask entries starting after loadEventStart with the widget',
    summary: {
      loadEventEndDiffMs: one.with.loadEventEnd.median - one.without.loadEventEnd.median,
      fcpDiffMs: (one.with.fcp?.median ?? 0) - (one.without.fcp?.median ?? 0),
      taskDiffMs: one.with.taskMs.median - one.without.taskMs.median,
      taskDiffMsAt4x: summary.cpu4x.with.taskMs.median - summary.cpu4x.without.taskMs.median,
      bytesBeforeInteraction: one.with.bytesWidget.median,
      bytesBeforeInteractionGzip:
        WIDGET_CATEGORIES.reduce((sum, c) => sum + (one.with.gzip[c]?.median ?? 0), 0) +
        (one.with.bytes.socket?.median ?? 0),
      bytesOpeningChat: one.with.open?.bytesTotal?.median ?? null,
      targets,
    },
    results: summary,
    raw,
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);

  say();
  say(
    `Widget weight on the host page: demo shop, ${machine.chromium}, ${machine.cpus} CPUs ` +
      `(${machine.cpuModel}), ${machine.date.slice(0, 10)}, load average ` +
      `${machine.loadAverage.join(' -> ')}`,
  );
  for (const rate of RATES) {
    const s = summary[`cpu${rate}x`];
    timingTable(rate, s.without, s.with);
  }
  bytesTable(one.without, one.with);
  const errors = [...one.with.errors, ...summary.cpu4x.with.errors];
  if (errors.length) say(`\nConsole errors with the widget: ${errors.join(' | ')}`);
  say(`\nWritten: ${OUT.slice(ROOT.length)} (${result.seconds} s)`);
}

main().catch((error) => {
  process.stderr.write(`widget-weight: ${error.stack ?? error}\n`);
  process.exit(1);
});
