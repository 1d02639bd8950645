// The chat panel's secondary views, one lazy chunk (views/lazy-views.tsx): the pre-chat form, the
// queue card, the callback status card, the home help search and suggestions, the attention
// bubble and the CSAT/CES survey card. Fetched when the browser is idle right after the app mounts, so nobody waits for it.
// Their rules come with them (`css`), adopted by the chunk loader before any of them mounts.
import { FORM_CSS } from './form-styles.js';

export { AttentionBubble } from './AttentionBubble.js';
export { CallbackCard } from './CallbackCard.js';
export { ArticleList, HelpSearch } from './HelpSearch.js';
export { PrechatForm } from './PrechatForm.js';
export { QueueCard } from './QueueCard.js';
export { SurveyCard } from './SurveyCard.js';

/** The rules of these views (queue card, help search and results, bubble, survey; the pre-chat form's fields). */
export const css: readonly string[] = [
  FORM_CSS,
  `
.primary.small{padding:7px 14px;font-size:13.5px}
.queue{padding:12px 16px;border-bottom:1px solid var(--sb-line);background:var(--sb-surface);font-size:13.5px}
.queue p{margin:0}
.queue-position{font-weight:600}
.queue-actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px}
.help{padding:10px 16px 0}
.help-input{width:100%;box-sizing:border-box;padding:8px 12px;border:1px solid var(--sb-line);border-radius:999px;font:inherit;font-size:16px;color:inherit;background:var(--sb-bg)}
.articles{list-style:none;margin:6px 0;padding:0 16px}
.help .articles{padding:0}
.article-hit{display:block;width:100%;text-align:start;border:0;border-bottom:1px solid var(--sb-line);background:none;padding:8px 2px;font:inherit;color:var(--sb-ink)}
.article-hit span{display:block;color:var(--sb-muted);font-size:13px}
.pop{position:fixed;left:var(--sb-left);right:var(--sb-right);bottom:calc(var(--sb-y) + 72px);top:auto;width:max-content;max-width:min(300px,calc(100vw - 24px));
padding:12px 40px 12px 14px;padding-inline:14px 40px;border-radius:14px;background:var(--sb-bg);color:var(--sb-ink);
box-shadow:0 8px 28px rgba(0,0,0,.2),0 1px 4px rgba(0,0,0,.1);animation:sb-pop .2s ease-out}
.pop[data-placed]{right:auto;bottom:auto}
.pop-open{display:block;width:100%;border:0;padding:0;background:none;color:inherit;text-align:start;font:inherit}
.pop-author{display:block;font-size:12px;font-weight:600;color:var(--sb-muted);margin-bottom:2px}
.survey{display:flex;flex-direction:column;gap:8px;margin:0;min-width:0;border:0;border-top:1px solid var(--sb-line)}
.scale{display:flex;gap:4px}
.scale button{flex:1;min-height:36px;border:1px solid var(--sb-line);border-radius:8px;background:var(--sb-bg);color:var(--sb-ink);font-weight:600}
.scale button:hover,.scale [aria-checked=true]{border-color:var(--sb-accent);background:var(--sb-brand);color:var(--sb-on-brand)}
.scale-ends{display:flex;justify-content:space-between;color:var(--sb-muted);font-size:12px}
.survey-comment{display:flex;flex-direction:column;gap:6px;align-items:flex-start}
.survey-comment textarea{width:100%;box-sizing:border-box;font:inherit;border:1px solid var(--sb-line);border-radius:8px;padding:6px 8px;background:var(--sb-bg);color:var(--sb-ink)}
.survey-close{align-self:flex-end}
.pop-text{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;white-space:pre-wrap}
.pop .icon-button{position:absolute;top:4px;inset-inline-end:4px;width:30px;height:30px}
.pop .icon-button svg{width:18px;height:18px}
@keyframes sb-pop{from{opacity:0;transform:translateY(6px)}to{opacity:1;transform:none}}
`,
];
