import { WallboardView } from '../../views/reports/WallboardView.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/wallboard`: today's numbers for the room (the workspace ticks it by the second). */
export function WallboardArea() {
  const { state, at } = useWorkspace();
  return (
    <WallboardView
      data={state.wallboard}
      routing={state.routing}
      routingAt={state.routingAt}
      now={at}
    />
  );
}
