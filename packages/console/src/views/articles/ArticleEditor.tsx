import type { Article } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommandResult, RenderResult } from '../../client/agent-client.js';
import { errorText } from '../../format/error-text.js';
import { insertSanitisedHtml } from '../../format/safe-html.js';
import {
  type ArticleDraft,
  type ArticleField,
  articleFromDraft,
  draftFromArticle,
} from '../../forms/article-form.js';
import type { FieldError } from '../../forms/form-result.js';
import { en } from '../../i18n/en.js';
import { FieldMessage, invalidProps } from '../common/field-error.js';

const t = en.articles;

/** How long the body must stay unchanged before the preview is asked for. @default 300 */
export const PREVIEW_DELAY_MS = 300;

/** Props of {@link ArticleEditor}. */
export interface ArticleEditorProps {
  /** Null: a new article. */
  article: Article | null;
  /** Every article, to keep ids unique. */
  existing: readonly Article[];
  departments: readonly { id: string; name: string }[];
  /** Send `article.save`; the table changes when `articles.list` comes back. */
  onSave(article: Article): Promise<CommandResult>;
  /** Send `article.delete`. */
  onDelete(articleId: string): Promise<CommandResult>;
  /** Ask the relay for the sanitised HTML of some Markdown (`article.render`). */
  onRender(body: string): Promise<RenderResult>;
  /** Closed, or deleted. */
  onClose(): void;
  /** @default PREVIEW_DELAY_MS */
  previewDelayMs?: number;
}

const textOf = (result: { ok: false; code: string; message: string }) => errorText(result);

/**
 * "Edit article" / "New article": Title, Article id (new only), Tags, Department, Locale,
 * Published and "Body (Markdown)" beside a live Preview of the relay's sanitised HTML (asked for
 * once typing pauses). Save checks the shared `Article` schema first; Delete asks in place.
 * @example <ArticleEditor article={null} existing={articles} departments={deps} ... />
 */
export function ArticleEditor(props: ArticleEditorProps) {
  const delay = props.previewDelayMs ?? PREVIEW_DELAY_MS;
  const [draft, setDraft] = useState<ArticleDraft>(() => draftFromArticle(props.article));
  const [errors, setErrors] = useState<Partial<Record<ArticleField, FieldError>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<{ html: string | null; loading: boolean }>({
    html: null,
    loading: false,
  });
  const asked = useRef(0);
  const { onRender } = props;
  const body = draft.body;

  // The preview follows the body once typing pauses; a late answer for older text is dropped.
  useEffect(() => {
    if (!body.trim()) {
      asked.current++;
      setPreview({ html: null, loading: false });
      return;
    }
    const ticket = ++asked.current;
    setPreview((p) => ({ ...p, loading: true }));
    const timer = setTimeout(() => {
      void onRender(body).then((result) => {
        if (ticket !== asked.current) return;
        if (result.ok) setPreview({ html: result.html, loading: false });
        else {
          setPreview((p) => ({ ...p, loading: false }));
          setError(textOf(result));
        }
      });
    }, delay);
    return () => clearTimeout(timer);
  }, [body, delay, onRender]);

  const edit = (patch: Partial<ArticleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const checked = articleFromDraft(draft, props.existing);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await props.onSave(checked.value);
    setBusy(false);
    if (!result.ok) {
      setError(textOf(result));
      return;
    }
    setSaved(true);
    // Saved once, the id is fixed: later saves change this article.
    setDraft((d) => ({ ...d, isNew: false }));
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    const result = await props.onDelete(draft.id);
    setBusy(false);
    setConfirming(false);
    if (result.ok) props.onClose();
    else setError(textOf(result));
  };

  const heading = props.article ? t.editTitle : t.newTitle;
  return (
    <section class="team__section article-editor" aria-labelledby="article-editor-title">
      <div class="team__section-head">
        <h2 id="article-editor-title" class="team__heading">
          {heading}
        </h2>
        <button class="button button--ghost button--small" type="button" onClick={props.onClose}>
          {t.back}
        </button>
      </div>
      {error && (
        <p class="team__error" role="alert">
          {error}
        </p>
      )}
      <form class="article-editor__form" noValidate onSubmit={(e) => void save(e)}>
        <div class="article-editor__meta">
          <div class="field">
            <label class="field__label" for="article-title">
              {t.fieldTitle}
            </label>
            <input
              id="article-title"
              class="field__input"
              value={draft.title}
              onInput={(e) => edit({ title: e.currentTarget.value })}
              {...invalidProps(errors.title, 'article-title-error')}
            />
            <FieldMessage id="article-title-error" error={errors.title} />
          </div>
          {draft.isNew && (
            <div class="field">
              <label class="field__label" for="article-id">
                {t.id}
              </label>
              <input
                id="article-id"
                class="field__input"
                value={draft.id}
                autocomplete="off"
                spellcheck={false}
                onInput={(e) => edit({ id: e.currentTarget.value })}
                {...invalidProps(errors.id, 'article-id-error', 'article-id-hint')}
              />
              <p id="article-id-hint" class="field__hint">
                {t.idHint}
              </p>
              <FieldMessage id="article-id-error" error={errors.id} context="article-id" />
            </div>
          )}
          <div class="field">
            <label class="field__label" for="article-tags">
              {t.tags}
            </label>
            <input
              id="article-tags"
              class="field__input"
              value={draft.tags}
              onInput={(e) => edit({ tags: e.currentTarget.value })}
              {...invalidProps(errors.tags, 'article-tags-error', 'article-tags-hint')}
            />
            <p id="article-tags-hint" class="field__hint">
              {t.tagsHint}
            </p>
            <FieldMessage id="article-tags-error" error={errors.tags} />
          </div>
          <div class="field">
            <label class="field__label" for="article-department">
              {t.department}
            </label>
            <select
              id="article-department"
              class="field__input"
              value={draft.departmentId}
              onChange={(e) => edit({ departmentId: e.currentTarget.value })}
            >
              <option value="">{t.noDepartment}</option>
              {props.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
              {/* A department that no longer exists stays selectable rather than silently lost. */}
              {draft.departmentId &&
                !props.departments.some((d) => d.id === draft.departmentId) && (
                  <option value={draft.departmentId}>{draft.departmentId}</option>
                )}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="article-locale">
              {t.locale}
            </label>
            <input
              id="article-locale"
              class="field__input"
              value={draft.locale}
              onInput={(e) => edit({ locale: e.currentTarget.value })}
              {...invalidProps(errors.locale, 'article-locale-error', 'article-locale-hint')}
            />
            <p id="article-locale-hint" class="field__hint">
              {t.localeHint}
            </p>
            <FieldMessage id="article-locale-error" error={errors.locale} />
          </div>
          <label class="field field--check">
            <input
              type="checkbox"
              checked={draft.published}
              onChange={(e) => edit({ published: e.currentTarget.checked })}
            />
            <span>{t.published}</span>
          </label>
        </div>
        <div class="article-editor__panes">
          <div class="field article-editor__body">
            <label class="field__label" for="article-body">
              {t.body}
            </label>
            <textarea
              id="article-body"
              class="field__input article-editor__textarea"
              rows={20}
              value={draft.body}
              spellcheck
              onInput={(e) => edit({ body: e.currentTarget.value })}
              {...invalidProps(errors.body, 'article-body-error')}
            />
            <FieldMessage id="article-body-error" error={errors.body} />
          </div>
          <PreviewPane html={preview.html} loading={preview.loading} />
        </div>
        <FieldMessage id="article-form-error" error={errors.form} />
        <div class="article-editor__actions">
          <button class="button button--primary" type="submit" disabled={busy}>
            {busy && !confirming ? t.saving : t.save}
          </button>
          {saved && (
            <span class="article-editor__saved" role="status">
              {t.saved}
            </span>
          )}
          {props.article &&
            (confirming ? (
              <fieldset class="confirm" aria-labelledby="article-confirm-text">
                <span id="article-confirm-text" class="confirm__text">
                  {t.confirmDelete(props.article.title)}
                </span>
                <button
                  class="button button--danger-solid button--small"
                  type="button"
                  disabled={busy}
                  onClick={() => void remove()}
                >
                  {busy ? t.deleting : t.confirm}
                </button>
                <button
                  class="button button--secondary button--small"
                  type="button"
                  onClick={() => setConfirming(false)}
                >
                  {en.cannedEditor.cancel}
                </button>
              </fieldset>
            ) : (
              <button
                class="button button--ghost button--danger"
                type="button"
                onClick={() => {
                  setError(null);
                  setConfirming(true);
                }}
              >
                {t.delete}
              </button>
            ))}
        </div>
      </form>
    </section>
  );
}

/** The Preview region: the relay's HTML, inserted through {@link insertSanitisedHtml}. */
function PreviewPane({ html, loading }: { html: string | null; loading: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    if (html === null) container.replaceChildren();
    else insertSanitisedHtml(container, html);
  }, [html]);
  return (
    <section class="article-preview" aria-labelledby="article-preview-title" aria-busy={loading}>
      <h3 id="article-preview-title" class="field__label">
        {en.articles.preview}
      </h3>
      {html === null && <p class="team__empty">{en.articles.previewEmpty}</p>}
      <div ref={ref} class="article-preview__content" />
    </section>
  );
}
