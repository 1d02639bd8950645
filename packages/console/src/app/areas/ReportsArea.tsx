import { downloadCsv } from '../../client/csv-export.js';
import { ReportsView } from '../../views/reports/ReportsView.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/reports`: KPIs by range and filters, and the CSV exports. */
export function ReportsArea() {
  const w = useWorkspace();
  const { state, client } = w;
  return (
    <ReportsView
      report={state.kpiReport}
      now={w.at}
      online={w.online}
      sites={state.sites.map((s) => ({ id: s.siteId, name: s.name }))}
      departments={w.departments}
      agents={(state.routing?.agents ?? []).map((a) => ({ id: a.id, name: a.name }))}
      onQuery={(query) => void client.kpis(query).then((r) => w.report(r))}
      onExport={(kind, query) => downloadCsv({ fetch: w.fetch, token: w.token }, kind, query)}
    />
  );
}
