import { useEffect } from 'preact/hooks';
import { ArticlesView } from '../../views/articles/ArticlesView.js';
import { useWorkspace } from '../workspace-context.js';

const DAY_MS = 86_400_000;

/** `#/articles`: the help articles and their self-service metrics, fetched when it opens. */
export function ArticlesArea() {
  const w = useWorkspace();
  const { client, online, metricsRange } = w;
  // Articles and metrics are fetched when a supervisor opens `#/articles`, and again for a new range.
  useEffect(() => {
    if (online) void client.articles().then((r) => w.report(r));
  }, [online, client]);
  useEffect(() => {
    if (!online) return;
    const to = w.now();
    void client.faqMetrics({ from: to - metricsRange * DAY_MS, to }).then((r) => w.report(r));
  }, [online, client, metricsRange]);
  return (
    <ArticlesView
      articles={w.state.articles}
      departments={w.departments}
      departmentName={w.departmentName}
      onSave={(article) => client.save({ type: 'article.save', article })}
      onDelete={(articleId) => client.save({ type: 'article.delete', articleId })}
      onRender={client.renderArticle}
      metrics={w.state.faqMetrics}
      range={metricsRange}
      onRange={w.setMetricsRange}
    />
  );
}
