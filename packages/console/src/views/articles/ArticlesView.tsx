import type { Article, FaqMetrics } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import type { CommandResult, RenderResult } from '../../client/agent-client.js';
import type { MetricsRange } from '../../format/self-service.js';
import { formatDateTime } from '../../format/time.js';
import { en } from '../../i18n/en.js';
import { ArticleEditor } from './ArticleEditor.js';
import { SelfServiceMetrics } from './SelfServiceMetrics.js';

const t = en.articles;

/** Props of {@link ArticlesView}. */
export interface ArticlesViewProps {
  /** Null until the relay answered `articles.get`. */
  articles: readonly Article[] | null;
  departments: readonly { id: string; name: string }[];
  departmentName(departmentId: string): string;
  onSave(article: Article): Promise<CommandResult>;
  onDelete(articleId: string): Promise<CommandResult>;
  onRender(body: string): Promise<RenderResult>;
  /** Null until `faq.metrics` answered. */
  metrics: FaqMetrics | null;
  range: MetricsRange;
  onRange(range: MetricsRange): void;
  /** Passed to the editor (tests shorten it). */
  previewDelayMs?: number;
}

/**
 * Supervisors' `#/articles`: the help articles (title, id, department, locale, published, source,
 * updated) with Edit and "New article", the editor when one is open, and the Self-service metrics
 * below.
 * @example <ArticlesView articles={state.articles} metrics={state.faqMetrics} range={30} ... />
 */
export function ArticlesView(props: ArticlesViewProps) {
  const { articles } = props;
  const [editing, setEditing] = useState<{ article: Article | null; key: number } | null>(null);
  const open = (article: Article | null) =>
    setEditing((e) => ({ article, key: (e?.key ?? 0) + 1 }));
  const sorted = [...(articles ?? [])].sort((a, b) => a.title.localeCompare(b.title));
  const c = t.columns;
  return (
    <main class="team" aria-labelledby="articles-title">
      <h1 id="articles-title" class="team__title">
        {t.title}
      </h1>
      {editing && (
        <ArticleEditor
          key={editing.key}
          article={editing.article}
          existing={articles ?? []}
          departments={props.departments}
          onSave={props.onSave}
          onDelete={props.onDelete}
          onRender={props.onRender}
          onClose={() => setEditing(null)}
          {...(props.previewDelayMs === undefined ? {} : { previewDelayMs: props.previewDelayMs })}
        />
      )}
      <section class="team__section" aria-labelledby="articles-list-title">
        <div class="team__section-head">
          <h2 id="articles-list-title" class="team__heading">
            {t.title}
          </h2>
          <button
            class="button button--secondary button--small"
            type="button"
            onClick={() => open(null)}
          >
            {t.new}
          </button>
        </div>
        {articles === null ? (
          <p class="team__empty">{t.loading}</p>
        ) : sorted.length === 0 ? (
          <p class="team__empty">{t.none}</p>
        ) : (
          <table class="table" aria-labelledby="articles-list-title">
            <thead>
              <tr>
                <th scope="col">{c.title}</th>
                <th scope="col">{c.id}</th>
                <th scope="col">{c.department}</th>
                <th scope="col">{c.locale}</th>
                <th scope="col">{c.published}</th>
                <th scope="col">{c.source}</th>
                <th scope="col">{c.updated}</th>
                <th scope="col">{c.actions}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.title}</th>
                  <td>
                    <code class="table__code">{a.id}</code>
                  </td>
                  <td>{a.departmentId ? props.departmentName(a.departmentId) : '—'}</td>
                  <td>{a.locale}</td>
                  <td>{a.published ? t.yes : t.no}</td>
                  <td>{a.source ? t.sources[a.source] : '—'}</td>
                  <td>
                    {a.updatedAt === undefined ? (
                      '—'
                    ) : (
                      <time dateTime={new Date(a.updatedAt).toISOString()}>
                        {formatDateTime(a.updatedAt)}
                      </time>
                    )}
                  </td>
                  <td class="table__actions">
                    <button
                      class="button button--secondary button--small"
                      type="button"
                      aria-label={`${t.edit} ${a.title}`}
                      onClick={() => open(a)}
                    >
                      {t.edit}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <SelfServiceMetrics metrics={props.metrics} range={props.range} onRange={props.onRange} />
    </main>
  );
}
