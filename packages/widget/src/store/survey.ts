import type { SurveyAnswers } from '@switchboard/shared';
import type { Session, SessionState } from '../client/session.js';
import type { SurveyTarget } from '../client/session-types.js';
import type { KeyValueStorage } from '../client/storage.js';
import type { SurveyView } from './types.js';

/**
 * Where the surveys a visitor dismissed (or the relay refused) are remembered: a JSON array of
 * `c:<conversationId>` / `cb:<callbackId>`, the latest 50.
 * @example surveysKey('demo') // 'switchboard:demo:surveys'
 */
export function surveysKey(siteId: string): string {
  return `switchboard:${siteId}:surveys`;
}

/** A survey the visitor has begun in this tab, and the answers the relay has not taken yet. */
interface SurveyProgress {
  step: SurveyView['step'];
  csat: number | null;
  ces: number | null;
  unsent: SurveyAnswers;
  failed: boolean;
}

const NEXT_STEP = { csat: 'ces', ces: 'comment', comment: 'thanks', thanks: 'thanks' } as const;

/** What the survey part needs from its chat store. */
export interface SurveyContext {
  session: Session;
  /** Where dismissals are remembered (the store's storage). */
  storage: () => KeyValueStorage;
  /** Re-derive and publish the store's state. */
  publish: () => void;
}

/** The survey part of a chat store: its view state and the card's three actions. */
export interface Surveys {
  /** The survey to show: the ended conversation's, else a completed callback's (`surveyDue`). */
  view(s: SessionState, ended: boolean): SurveyView | null;
  /** Answer the current question (one tap) or send the comment: on to the next step. */
  answer(view: SurveyView | null, answers: SurveyAnswers): void;
  /** Send again the answers that got no answer. */
  retry(view: SurveyView | null): void;
  /** "Not now": hide the card for good (remembered in storage). */
  dismiss(): void;
}

/**
 * The CSAT/CES survey logic of the chat store (a lazy chunk, `loadStoreFeatures`): progress in
 * this tab, dismissals remembered in storage (so in every tab and visit), answers sent as they are
 * given and kept for "Retry" when they get no answer; a refusal (NOT_RATEABLE) hides the card.
 * @example const surveys = createSurveys({ session, storage: () => storage, publish });
 */
export function createSurveys({ session, storage, publish }: SurveyContext): Surveys {
  const surveys = new Map<string, SurveyProgress>();
  let surveyKey: string | null = null;
  function dismissedSurveys(): string[] {
    const siteId = session.getState().site?.id;
    try {
      const raw = siteId ? JSON.parse(storage().getItem(surveysKey(siteId)) ?? '[]') : [];
      return Array.isArray(raw) ? raw.filter((key) => typeof key === 'string') : [];
    } catch {
      return [];
    }
  }
  function forgetSurvey(key: string): void {
    const siteId = session.getState().site?.id;
    surveys.delete(key);
    if (!siteId) return;
    const keys = [...dismissedSurveys().filter((k) => k !== key), key].slice(-50);
    storage().setItem(surveysKey(siteId), JSON.stringify(keys));
  }
  /** Send what is unsent of the current survey; a refusal hides it, no answer offers "Retry". */
  function sendSurvey(key: string, target: SurveyTarget, progress: SurveyProgress): void {
    const answers = progress.unsent;
    progress.unsent = {};
    progress.failed = false;
    void session.submitSurvey(target, answers).then((result) => {
      if (result.ok) return;
      const { code } = result.error;
      if (code === 'NOT_RATEABLE' || code === 'NOT_FOUND') forgetSurvey(key);
      else {
        // Later answers win over the ones being given back.
        progress.unsent = { ...answers, ...progress.unsent };
        progress.failed = true;
      }
      publish();
    });
  }

  return {
    view(s, ended) {
      const dismissed = new Set(dismissedSurveys());
      const conv = s.conversation;
      const candidates: [
        key: string,
        target: SurveyTarget,
        reference: string | null,
        due: boolean,
      ][] = [];
      const summary = conv?.summary;
      if (conv && ended && summary?.status === 'closed' && summary.closeReason !== 'abandoned') {
        const answered = Object.keys(summary.survey ?? {}).length > 0;
        candidates.push([`c:${conv.id}`, { conversationId: conv.id }, null, !answered]);
      }
      for (const callback of s.callbacks) {
        if (callback.status !== 'completed') continue;
        const target = { callbackId: callback.id };
        candidates.push([
          `cb:${callback.id}`,
          target,
          callback.reference,
          callback.surveyDue === true,
        ]);
      }
      surveyKey = null;
      for (const [key, target, reference, due] of candidates) {
        if (dismissed.has(key)) continue;
        const progress = surveys.get(key);
        if (!progress && !due) continue;
        surveyKey = key;
        const { step = 'csat', csat = null, ces = null, failed = false } = progress ?? {};
        return { target, reference, step, csat, ces, failed };
      }
      return null;
    },
    answer(view, answers) {
      const key = surveyKey;
      if (!view || !key) return;
      const progress = surveys.get(key) ?? { ...view, unsent: {} };
      surveys.set(key, progress);
      if (answers.csat !== undefined) progress.csat = answers.csat;
      if (answers.ces !== undefined) progress.ces = answers.ces;
      progress.step = NEXT_STEP[view.step];
      progress.unsent = { ...progress.unsent, ...answers };
      if (Object.keys(answers).length > 0) sendSurvey(key, view.target, progress);
      publish();
    },
    retry(view) {
      const progress = surveyKey ? surveys.get(surveyKey) : undefined;
      if (!progress || !surveyKey || !view) return;
      sendSurvey(surveyKey, view.target, progress);
      publish();
    },
    dismiss() {
      if (!surveyKey) return;
      forgetSurvey(surveyKey);
      publish();
    },
  };
}
