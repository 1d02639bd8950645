/**
 * The chat store's lazy parts, one chunk (`loadStoreFeatures`, prefetched at idle): the CSAT/CES
 * survey logic, the FAQ's state and actions, the callback form's state and actions, the pre-chat
 * answers' check.
 */
export { createCallbackForm } from './callback-form.js';
export { createFaq } from './faq.js';
export { checkPrechat } from './prechat.js';
export { createSurveys } from './survey.js';
