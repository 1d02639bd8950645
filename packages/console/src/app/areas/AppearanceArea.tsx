import { AppearanceView } from '../../views/appearance/AppearanceView.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/appearance`: the widget's look per site. */
export function AppearanceArea() {
  const { state, client, newId } = useWorkspace();
  return (
    <AppearanceView
      sites={state.sites}
      onSave={(site) => client.save({ type: 'site.save', site })}
      newId={newId}
    />
  );
}
