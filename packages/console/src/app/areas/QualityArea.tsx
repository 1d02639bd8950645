import { useEffect } from 'preact/hooks';
import { QualityView } from '../../views/quality/QualityView.js';
import { conversationHash } from '../router.js';
import { useWorkspace } from '../workspace-context.js';

/** `#/quality`: QA reviews, fetched when it opens (supervisors: everyone's; agents: their own). */
export function QualityArea() {
  const w = useWorkspace();
  const { client, online } = w;
  useEffect(() => {
    if (online) void client.qaReviews().then((r) => w.report(r));
  }, [online, client]);
  return (
    <QualityView
      reviews={w.state.quality.qaReviews}
      criteria={w.state.quality.qaCriteria}
      supervisor={w.supervisor}
      conversationHref={conversationHash}
      onRefresh={() => void client.qaReviews().then((r) => w.report(r))}
    />
  );
}
