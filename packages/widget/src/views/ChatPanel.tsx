import type { CallbackView, PrechatAnswers, TimeWindow } from '@switchboard/shared';
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CoreCatalog } from '../i18n/en.js';
import type {
  CallbackRequestInput,
  CallbackResult,
  ChatStore,
  FaqActions,
  FaqState,
  SlotsResult,
} from '../store/chat-store.js';
import type {
  AlternativeChoice,
  AlternativesView,
  CallbackFormRequest,
  CallbackSettings,
  ChatItem,
  ConnectionStatus,
  PhoneCheck,
  PrechatErrors,
  PrechatForm as PrechatFormConfig,
  QueueView,
  SurveyView,
} from '../store/types.js';
import { ArticlePane } from './ArticlePane.js';
import { CallbackPane } from './CallbackPane.js';
import { Composer } from './Composer.js';
import { ChevronIcon, HelpIcon, PhoneIcon } from './icons.js';
import {
  ArticleList,
  CallbackCard,
  HelpSearch,
  PrechatForm,
  QueueCard,
  SurveyCard,
} from './lazy-views.js';
import { MessageList } from './MessageList.js';
import type { PrechatValues } from './PrechatForm.js';
import { TypingIndicator } from './TypingIndicator.js';

/** Props of {@link ChatPanel}. */
export interface ChatPanelProps {
  title: string;
  connection: ConnectionStatus;
  greeting: string | null;
  items: ChatItem[];
  typingName: string | null;
  ended: boolean;
  queue: QueueView | null;
  alternatives: AlternativesView | null;
  deferred: boolean;
  /** The pre-chat form to show above the composer, if any. */
  prechat: PrechatFormConfig | null;
  /** The site's callback settings; null: no "Call me back". */
  callback: CallbackSettings | null;
  topics: PrechatFormConfig['topics'];
  callbackCard: CallbackView | null;
  /** The callback form, while open: it takes the place of the conversation. */
  callbackForm: CallbackFormRequest | null;
  /** Help articles: search, suggestions, the open article (it takes the place of the conversation). */
  faq: FaqState;
  faqActions: FaqActions;
  strings: CoreCatalog;
  /** Locale and time zone for callback times. Default: the browser's. */
  locale?: string | undefined;
  timeZone?: string | undefined;
  formatTime: (at: number) => string;
  onClose: () => void;
  /** Returns the pre-chat errors when the message was refused for them, else null. */
  onSend: (text: string, prechat?: PrechatAnswers, phone?: PhoneCheck) => PrechatErrors | null;
  onDefer: () => void;
  onAlternative: (kind: AlternativeChoice['kind']) => void;
  onTyping: (typing: boolean) => void;
  onRetry: (clientId: string) => void;
  onStartNew: () => void;
  onCallback: () => void;
  onCloseCallback: () => void;
  onChangeCallbackTime: (callbackId: string) => void;
  onCancelCallback: (callbackId: string) => Promise<CallbackResult>;
  callbackSlots: (topic?: string) => Promise<SlotsResult>;
  requestCallback: (input: CallbackRequestInput) => Promise<CallbackResult>;
  rescheduleCallback: (callbackId: string, window: TimeWindow | null) => Promise<CallbackResult>;
  /** The survey card at the end of the conversation (or for a completed callback). */
  survey?: SurveyView | null;
  surveyActions?: Pick<ChatStore, 'answerSurvey' | 'retrySurvey' | 'dismissSurvey'>;
  panelRef?: Ref<HTMLDivElement>;
}

/** Under this width the panel fills the screen and is modal. Matches the CSS. */
const PHONE_QUERY = '(max-width: 640px)';
const FOCUSABLE =
  'button:not([disabled]),[href],input:not([disabled]),textarea:not([disabled]),select:not([disabled]),[tabindex]:not([tabindex="-1"])';

function matchesPhone(): boolean {
  return typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches;
}

/**
 * True while the panel is full-screen (a phone): then it is a modal dialog that keeps Tab inside
 * and follows the on-screen keyboard (`visualViewport`: its height and offset become the panel's).
 */
function usePhoneModal(panel: { current: HTMLDivElement | null }): boolean {
  const [modal, setModal] = useState(matchesPhone);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(PHONE_QUERY);
    const change = () => setModal(query.matches);
    query.addEventListener?.('change', change);
    return () => query.removeEventListener?.('change', change);
  }, []);
  useEffect(() => {
    const viewport = globalThis.visualViewport;
    const el = panel.current;
    if (!modal || !viewport || !el) return;
    const follow = () => {
      el.style.setProperty('--sb-vh', `${viewport.height}px`);
      el.style.setProperty('--sb-vtop', `${viewport.offsetTop}px`);
    };
    follow();
    viewport.addEventListener('resize', follow);
    viewport.addEventListener('scroll', follow);
    return () => {
      viewport.removeEventListener('resize', follow);
      viewport.removeEventListener('scroll', follow);
      el.style.removeProperty('--sb-vh');
      el.style.removeProperty('--sb-vtop');
    };
  }, [modal]);
  return modal;
}

/** Keep Tab and Shift+Tab inside `panel`: from the last control to the first and back. */
function trapTab(event: KeyboardEvent, panel: HTMLElement): void {
  const controls = Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.getClientRects().length > 0 || el === document.activeElement,
  );
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const root = panel.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement;
  if (event.shiftKey && (active === first || !panel.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

function statusText(connection: ConnectionStatus, strings: CoreCatalog): string {
  switch (connection) {
    case 'connected':
      return strings.replyTime;
    case 'reconnecting':
      return strings.reconnecting;
    case 'failed':
      return strings.unavailable;
    default:
      return strings.connecting;
  }
}

/**
 * The chat panel: a dialog named by its header, non-modal on a wide screen and a full-screen
 * modal on a phone (Tab stays inside). Opening it puts the focus in the Message box; Escape
 * closes it (the caller returns focus to the launcher).
 * @example <ChatPanel title="Fernhill" connection="connected" items={[]} ... />
 */
export function ChatPanel(props: ChatPanelProps) {
  const { strings } = props;
  const input = useRef<HTMLTextAreaElement | null>(null);
  const startButton = useRef<HTMLButtonElement | null>(null);
  const panel = useRef<HTMLDivElement | null>(null);
  const modal = usePhoneModal(panel);

  useEffect(() => {
    (input.current ?? startButton.current)?.focus();
  }, []);

  const [values, setValues] = useState<PrechatValues>({
    name: '',
    email: '',
    phone: '',
    topic: '',
  });
  /** The pre-chat form's send, while it shows (it owns the errors and the phone check). */
  const prechatSend = useRef<((text: string) => boolean) | null>(null);

  const send = (text: string): boolean =>
    prechatSend.current
      ? prechatSend.current(text)
      : props.onSend(text, props.prechat ? values : undefined) === null;

  useEffect(() => {
    // "Leave a message" is gone once it worked: keep the focus in the panel, where they can write.
    if (props.deferred) input.current?.focus();
  }, [props.deferred]);

  const hadForm = useRef(Boolean(props.callbackForm));
  useEffect(() => {
    // Back from the callback form: the composer (or "Start a new conversation") takes the focus.
    if (hadForm.current && !props.callbackForm) (input.current ?? startButton.current)?.focus();
    hadForm.current = Boolean(props.callbackForm);
  }, [props.callbackForm]);

  const home = props.items.length === 0 && !props.ended;
  const callMeBack = props.callback && !props.callbackForm;
  const { faq, faqActions } = props;

  const hadArticle = useRef(Boolean(faq.article));
  useEffect(() => {
    // Back from an article ("Chat with us" above all): the composer takes the focus.
    if (hadArticle.current && !faq.article) (input.current ?? startButton.current)?.focus();
    hadArticle.current = Boolean(faq.article);
  }, [faq.article]);
  const search = (
    <HelpSearch
      strings={strings}
      query={faq.query}
      results={faq.results}
      onSearch={faqActions.search}
      onOpen={faqActions.openArticle}
    />
  );

  const wasEnded = useRef(props.ended);
  useEffect(() => {
    // After "Start a new conversation" the fresh composer takes the focus.
    if (wasEnded.current && !props.ended) input.current?.focus();
    wasEnded.current = props.ended;
  }, [props.ended]);

  return (
    <div
      ref={(el) => {
        panel.current = el;
        const outer = props.panelRef;
        if (typeof outer === 'function') outer(el);
        else if (outer) outer.current = el;
      }}
      class="panel"
      role="dialog"
      aria-modal={modal ? 'true' : 'false'}
      aria-labelledby="sb-title"
      aria-describedby="sb-status"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        } else if (event.key === 'Tab' && modal && panel.current) {
          trapTab(event, panel.current);
        }
      }}
    >
      <div class="header">
        <div class="header-text">
          <h2 class="title" id="sb-title">
            {props.title}
          </h2>
          <p class="status" id="sb-status" data-state={props.connection}>
            {statusText(props.connection, strings)}
          </p>
        </div>
        {!home && (
          <button
            type="button"
            class="icon-button"
            aria-label={strings.help}
            title={strings.help}
            onClick={() => faqActions.showSearch()}
          >
            <HelpIcon />
          </button>
        )}
        {callMeBack && !home && (
          <button
            type="button"
            class="icon-button"
            aria-label={strings.callMeBack}
            title={strings.callMeBack}
            onClick={props.onCallback}
          >
            <PhoneIcon />
          </button>
        )}
        <button
          type="button"
          class="icon-button"
          aria-label={strings.minimize}
          onClick={props.onClose}
        >
          <ChevronIcon />
        </button>
      </div>
      {props.callback && props.callbackForm ? (
        <CallbackPane
          key={props.callbackForm.mode === 'request' ? 'request' : props.callbackForm.callback.id}
          request={props.callbackForm}
          settings={props.callback}
          topics={props.topics}
          strings={strings}
          locale={props.locale}
          timeZone={props.timeZone}
          loadSlots={props.callbackSlots}
          submit={props.requestCallback}
          reschedule={props.rescheduleCallback}
          onClose={props.onCloseCallback}
        />
      ) : faq.article ? (
        <ArticlePane
          key={faq.article.id}
          article={faq.article}
          strings={strings}
          callback={Boolean(props.callback)}
          onBack={faqActions.closeArticle}
          onFeedback={faqActions.articleFeedback}
          onChat={faqActions.chatAboutArticle}
          onCallback={props.onCallback}
        />
      ) : faq.helpOpen && !home ? (
        <div class="help-pane">
          <button type="button" class="link-button" onClick={faqActions.closeHelp}>
            {strings.backToChat}
          </button>
          {search}
        </div>
      ) : (
        <>
          {home && search}
          {props.callbackCard && (
            <CallbackCard
              callback={props.callbackCard}
              strings={strings}
              locale={props.locale}
              timeZone={props.timeZone}
              onCancel={props.onCancelCallback}
              onChangeTime={props.onChangeCallbackTime}
            />
          )}
          <QueueCard
            queue={props.queue}
            alternatives={props.alternatives}
            deferred={props.deferred}
            strings={strings}
            locale={props.locale}
            onDefer={props.onDefer}
            onAlternative={props.onAlternative}
          />
          <MessageList
            items={props.items}
            greeting={props.greeting}
            strings={strings}
            formatTime={props.formatTime}
            onRetry={props.onRetry}
          />
          <TypingIndicator name={props.ended ? null : props.typingName} strings={strings} />
          {props.survey && props.surveyActions && (
            <SurveyCard
              survey={props.survey}
              strings={strings}
              onAnswer={props.surveyActions.answerSurvey}
              onRetry={props.surveyActions.retrySurvey}
              onDismiss={props.surveyActions.dismissSurvey}
            />
          )}
          {callMeBack && home && (
            <div class="home-actions">
              <button type="button" class="secondary" onClick={props.onCallback}>
                <PhoneIcon />
                {strings.callMeBack}
              </button>
            </div>
          )}
          {props.ended ? (
            <div class="ended">
              <button ref={startButton} type="button" class="primary" onClick={props.onStartNew}>
                {strings.startNew}
              </button>
            </div>
          ) : (
            <>
              {props.prechat && (
                <PrechatForm
                  form={props.prechat}
                  values={values}
                  strings={strings}
                  locale={props.locale}
                  defaultCountry={props.callback?.defaultCountry}
                  onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))}
                  onSend={props.onSend}
                  sendRef={prechatSend}
                />
              )}
              {faq.suggestions.length > 0 && (
                <ArticleList
                  label={strings.suggestedArticles}
                  hits={faq.suggestions}
                  source="suggestion"
                  onOpen={faqActions.openArticle}
                />
              )}
              <Composer
                strings={strings}
                onText={faqActions.suggest}
                onSend={send}
                onTyping={props.onTyping}
                inputRef={input}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
