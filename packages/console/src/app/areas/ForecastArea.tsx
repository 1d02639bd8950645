import { ForecastView } from '../../views/reports/ForecastView.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/forecast`: the staffing forecast of a department. */
export function ForecastArea() {
  const w = useWorkspace();
  const { client } = w;
  return (
    <ForecastView
      forecast={w.state.forecast}
      departments={w.departments}
      online={w.online}
      onRequest={(query) => void client.forecast(query).then((r) => w.report(r))}
      onSave={(departmentId, scheduled) => client.saveStaffing(departmentId, scheduled)}
    />
  );
}
