// The chat panel's secondary views, one lazy chunk (views/lazy-views.tsx): the pre-chat form, the
// queue card, the callback status card, the home help search and suggestions, the attention
// bubble and the CSAT/CES survey card. Fetched when the browser is idle right after the app mounts, so nobody waits for it.
export { AttentionBubble } from './AttentionBubble.js';
export { CallbackCard } from './CallbackCard.js';
export { ArticleList, HelpSearch } from './HelpSearch.js';
export { PrechatForm } from './PrechatForm.js';
export { QueueCard } from './QueueCard.js';
export { SurveyCard } from './SurveyCard.js';
