import type { QueueStatus, WallboardData } from '@switchboard/shared';
import { useMemo } from 'preact/hooks';
import {
  formatSeconds,
  formatShare,
  formatTarget,
  formatWait,
  type TargetStatus,
  targetStatus,
} from '../../format/kpi.js';
import { formatClock } from '../../format/time.js';
import {
  AGENT_STATES,
  agentStateCounts,
  hourlySpec,
  longestWaitNow,
} from '../../format/wallboard.js';
import { en } from '../../i18n/en.js';
import type { RoutingView } from '../../store/state.js';
import { ChartFigure } from './charts/Chart.js';

const t = en.wallboard;

/** Props of {@link WallboardView}. */
export interface WallboardViewProps {
  /** Today's numbers; null until the welcome or a `wallboard.update` brought them. */
  data: WallboardData | null;
  /** Queues and agents; null until the first snapshot. */
  routing: RoutingView | null;
  /** When `routing` arrived, ms. */
  routingAt: number;
  /** The clock, re-rendered every second while the wallboard is on screen. */
  now: number;
}

/**
 * The supervisors' wallboard, made to be read from across the room: per queue the contacts
 * waiting and the longest wait (ticking), agents by state, today's contacts, answered, abandoned,
 * service level against the target (green, amber or red, and said in words), CSAT, ASA and AHT,
 * and today's contacts and service level by hour as a chart with a table alternative.
 * @example <WallboardView data={state.wallboard} routing={state.routing} routingAt={state.routingAt} now={Date.now()} />
 */
export function WallboardView({ data, routing, routingAt, now }: WallboardViewProps) {
  const spec = useMemo(() => (data ? hourlySpec(data) : null), [data]);
  const counts = agentStateCounts(routing?.agents ?? []);
  return (
    <main class="team wallboard" aria-labelledby="wallboard-title">
      <div class="wallboard__head">
        <h1 id="wallboard-title" class="team__title">
          {t.title}
        </h1>
        {data && <p class="wallboard__updated">{t.updated(formatClock(data.at))}</p>}
      </div>

      <section class="wallboard__queues" aria-labelledby="wallboard-queues">
        <h2 id="wallboard-queues" class="team__heading">
          {t.queues}
        </h2>
        {routing === null ? (
          <p class="team__empty">{en.team.noSnapshot}</p>
        ) : (
          <div class="wallboard__tiles">
            {routing.queues.map((q) => (
              <QueueTile key={q.departmentId} queue={q} wait={longestWaitNow(q, routingAt, now)} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="wallboard-agents">
        <h2 id="wallboard-agents" class="team__heading">
          {t.agents}
        </h2>
        <dl class="wallboard__tiles">
          {AGENT_STATES.map((state) => (
            <div key={state} class={`wallboard__tile wallboard__agents--${state}`}>
              <dt class="wallboard__label">{t.agentStates[state]}</dt>
              <dd class="wallboard__value">{counts[state]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="wallboard-today">
        <h2 id="wallboard-today" class="team__heading">
          {t.today}
        </h2>
        {data === null ? <p class="team__empty">{t.loading}</p> : <Today data={data} />}
      </section>

      {data && spec && (
        <ChartFigure
          title={t.hourly}
          spec={spec}
          xLabel={t.hour}
          formatX={(ms) => formatClock(ms)}
          formatValue={(kind, v) => (kind === 'share' ? formatShare(v) : String(v ?? 0))}
        />
      )}
    </main>
  );
}

function QueueTile({ queue, wait }: { queue: QueueStatus; wait: number }) {
  const id = `wallboard-queue-${queue.departmentId}`;
  return (
    <section
      class={`wallboard__queue${queue.waiting.length > 0 ? ' wallboard__queue--waiting' : ''}`}
      aria-labelledby={id}
    >
      <h3 id={id} class="wallboard__queue-name">
        {queue.name}
        {!queue.open && <span class="wallboard__closed"> · {t.closed}</span>}
      </h3>
      <dl class="wallboard__pair">
        <div>
          <dt class="wallboard__label">{t.waiting}</dt>
          <dd class="wallboard__value">{queue.waiting.length}</dd>
        </div>
        <div>
          <dt class="wallboard__label">{t.longestWait}</dt>
          <dd class="wallboard__value">
            {queue.waiting.length > 0 ? formatWait(wait) : en.kpi.none}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Today({ data }: { data: WallboardData }) {
  const { today, target } = data;
  const status: TargetStatus = targetStatus(today.serviceLevel, target.goal);
  const tiles: Array<[string, string]> = [
    [en.kpi.labels.contacts, String(today.contacts)],
    [en.kpi.labels.answered, String(today.answered)],
    [en.kpi.labels.abandoned, String(today.abandoned)],
  ];
  const after: Array<[string, string]> = [
    [en.kpi.labels.csat, formatShare(today.csat)],
    [en.kpi.labels.asaSec, formatSeconds(today.asaSec)],
    [en.kpi.labels.ahtSec, formatSeconds(today.ahtSec)],
  ];
  return (
    <dl class="wallboard__tiles">
      {tiles.map(([label, value]) => (
        <div key={label} class="wallboard__tile">
          <dt class="wallboard__label">{label}</dt>
          <dd class="wallboard__value">{value}</dd>
        </div>
      ))}
      <div class={`wallboard__tile sl sl--${status}`}>
        <dt class="wallboard__label">{t.serviceLevelVsTarget(formatTarget(target))}</dt>
        <dd class="wallboard__value">
          {formatShare(today.serviceLevel)}
          <span class="sl__status">{en.kpi.status[status]}</span>
        </dd>
      </div>
      {after.map(([label, value]) => (
        <div key={label} class="wallboard__tile">
          <dt class="wallboard__label">{label}</dt>
          <dd class="wallboard__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
