import type { ErrorCode } from '@switchboard/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type AgentClient, type CommandResult, createAgentClient } from './client/agent-client.js';
import { downloadCsv } from './client/csv-export.js';
import { login } from './client/login.js';
import {
  clearSession,
  type KeyValueStorage,
  loadReadMarkers,
  loadSession,
  type StoredSession,
  saveReadMarkers,
  saveSession,
} from './client/session-storage.js';
import type { AgentTransport } from './client/transport.js';
import { errorText } from './format/error-text.js';
import type { MetricsRange } from './format/self-service.js';
import { en } from './i18n/en.js';
import {
  callbackGroups,
  customerThread,
  doneToday,
  dueCallbackCount,
  missingSkills,
} from './store/callbacks.js';
import { type ConsoleStore, createConsoleStore } from './store/create-store.js';
import { myReview, needsWrapUp } from './store/quality.js';
import {
  cutOffPhone,
  departmentName,
  type InboxFilter,
  inboxCounts,
  inboxList,
  inboxSections,
  isUnread,
  myLoad,
  myOffers,
  readingArticle,
  summaryFor,
  threadItems,
  typingName,
} from './store/selectors.js';
import { type ConsoleState, createInitialState } from './store/state.js';
import { AppearanceView } from './views/appearance/AppearanceView.js';
import { ArticlesView } from './views/articles/ArticlesView.js';
import { CallbacksView } from './views/callbacks/CallbacksView.js';
import { SignIn } from './views/common/SignIn.js';
import { type ConsoleView, TopBar } from './views/common/TopBar.js';
import { ContextPanel } from './views/inbox/ContextPanel.js';
import { ConversationView } from './views/inbox/ConversationView.js';
import { Inbox } from './views/inbox/Inbox.js';
import { OfferCards } from './views/inbox/OfferCards.js';
import { QualityView } from './views/quality/QualityView.js';
import { ForecastView } from './views/reports/ForecastView.js';
import { ReportsView } from './views/reports/ReportsView.js';
import { WallboardView } from './views/reports/WallboardView.js';
import { TeamView } from './views/team/TeamView.js';

/** What the console needs from the outside world; `main.tsx` passes the browser's. */
export interface ConsoleAppProps {
  fetch: typeof fetch;
  storage: KeyValueStorage | null;
  /** Open the agent connection with a token. @example (token) => createSocketTransport(token) */
  connect(token: string): AgentTransport;
  /** @default Date.now */
  now?: () => number;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

const HASH_PREFIX = '#/c/';
const TEAM_HASH = '#/team';
const CALLBACKS_HASH = '#/callbacks';
const ARTICLES_HASH = '#/articles';
const APPEARANCE_HASH = '#/appearance';
const WALLBOARD_HASH = '#/wallboard';
const REPORTS_HASH = '#/reports';
const FORECAST_HASH = '#/forecast';
const QUALITY_HASH = '#/quality';
const DAY_MS = 86_400_000;

/**
 * The screen the URL hash names: `#/callbacks` the callbacks queue, `#/team` the supervisors'
 * Team view, `#/articles` their help articles and self-service metrics, `#/appearance` the
 * widget's look per site, anything else the inbox.
 */
export function viewFromHash(hash: string): ConsoleView {
  if (hash === TEAM_HASH) return 'team';
  if (hash === APPEARANCE_HASH) return 'appearance';
  if (hash === WALLBOARD_HASH) return 'wallboard';
  if (hash === REPORTS_HASH) return 'reports';
  if (hash === FORECAST_HASH) return 'forecast';
  if (hash === ARTICLES_HASH) return 'articles';
  if (hash === CALLBACKS_HASH) return 'callbacks';
  if (hash === QUALITY_HASH) return 'quality';
  return 'inbox';
}

/** The browser's IANA time zone, where a new department starts. @default 'UTC' when unknown */
function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The conversation id in the URL hash (`#/c/<id>`), so a reload reopens it. */
export function conversationFromHash(hash: string): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(HASH_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

function noteFor(code: ErrorCode): string {
  if (code === 'TOKEN_EXPIRED') return en.signIn.expired;
  if (code === 'PROTOCOL_MISMATCH') return en.signIn.protocol;
  return en.signIn.invalid;
}

/**
 * The console: sign-in until there is a session, then the workspace (top bar, inbox,
 * conversation, visitor context) wired to the store and the agent client.
 * @example render(<ConsoleApp fetch={fetch} storage={localStorage} connect={createSocketTransport} />, root)
 */
export function ConsoleApp(props: ConsoleAppProps) {
  const now = props.now ?? Date.now;
  const [session, setSession] = useState<StoredSession | null>(() =>
    loadSession(props.storage, now()),
  );
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = async (credentials: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    const result = await login(props.fetch, credentials);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    saveSession(props.storage, result.session);
    setNote(null);
    setSession(result.session);
  };

  const signOut = (reason: ErrorCode | null) => {
    clearSession(props.storage);
    setNote(reason ? noteFor(reason) : null);
    setSession(null);
  };

  if (!session) return <SignIn busy={busy} error={error} note={note} onSubmit={signIn} />;
  return (
    <Workspace
      key={session.token}
      session={session}
      deps={props}
      now={now}
      onSignOut={() => signOut(null)}
      onAuthFailure={(code) => signOut(code)}
    />
  );
}

interface WorkspaceProps {
  session: StoredSession;
  deps: ConsoleAppProps;
  now: () => number;
  onSignOut(): void;
  onAuthFailure(code: ErrorCode): void;
}

/** Owns one signed-in session: its store, its connection, and the URL hash. */
function Workspace({ session, deps, now, onSignOut, onAuthFailure }: WorkspaceProps) {
  const { storage } = deps;
  const [{ store, client }] = useState<{ store: ConsoleStore; client: AgentClient }>(() => {
    const store = createConsoleStore(
      createInitialState({ agent: session.agent, lastRead: loadReadMarkers(storage) }),
    );
    const client = createAgentClient({
      transport: deps.connect(session.token),
      store,
      onAuthFailure,
      now,
      ...(deps.newId ? { newId: deps.newId } : {}),
    });
    client.open(conversationFromHash(globalThis.location?.hash ?? ''));
    return { store, client };
  });
  const [state, setState] = useState<ConsoleState>(store.getState);
  const [filter, setFilter] = useState<InboxFilter>('all');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [hashView, setHashView] = useState<ConsoleView>(() =>
    viewFromHash(globalThis.location?.hash ?? ''),
  );
  const [metricsRange, setMetricsRange] = useState<MetricsRange>(30);
  const [, setTick] = useState(0);

  useEffect(() => {
    let lastRead = store.getState().lastRead;
    const unsubscribe = store.subscribe((next) => {
      setState(next);
      if (next.lastRead !== lastRead) {
        lastRead = next.lastRead;
        saveReadMarkers(storage, lastRead, new Set(Object.keys(next.inbox)));
      }
    });
    setState(store.getState());
    const onHash = () => {
      const view = viewFromHash(location.hash);
      setHashView(view);
      // The Team view keeps the open conversation for when the agent comes back.
      if (view === 'inbox') client.open(conversationFromHash(location.hash));
    };
    window.addEventListener('hashchange', onHash);
    // Relative times ("2 min. ago"), visitors' local clocks and overdue callbacks move on their own.
    const clock = setInterval(() => setTick((t) => t + 1), 30_000);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHash);
      clearInterval(clock);
      client.dispose();
    };
  }, [store, client, storage]);

  const at = now();
  const me = state.agent ?? session.agent;
  const supervisor = me.role === 'supervisor';
  // The Team, Articles and Appearance views are for supervisors: an agent who opens them sees the inbox.
  const view: ConsoleView =
    (hashView === 'team' ||
      hashView === 'articles' ||
      hashView === 'appearance' ||
      hashView === 'wallboard' ||
      hashView === 'reports' ||
      hashView === 'forecast') &&
    !supervisor
      ? 'inbox'
      : hashView;
  const offers = myOffers(state, at);
  const counts = useMemo(() => inboxCounts(state), [state]);
  const title =
    offers.length > 0
      ? en.offer.documentTitle(offers.length, en.product)
      : counts.waiting > 0
        ? `(${counts.waiting}) ${en.product}`
        : en.product;
  useEffect(() => {
    document.title = title;
  }, [title]);
  // Offers count down by the second.
  const offering = offers.length > 0;
  useEffect(() => {
    if (!offering) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1_000);
    return () => clearInterval(timer);
  }, [offering]);
  // The wallboard's longest waits tick by the second.
  const wallboard = view === 'wallboard';
  useEffect(() => {
    if (!wallboard) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1_000);
    return () => clearInterval(timer);
  }, [wallboard]);
  // The delivery log is fetched when a supervisor opens the Team view (and on Refresh).
  const online = state.connection === 'online';
  useEffect(() => {
    if (view === 'team' && online) void client.webhooksLog();
  }, [view, online, client]);
  // Articles and metrics are fetched when a supervisor opens `#/articles`, and again for a new range.
  useEffect(() => {
    if (view === 'articles' && online) void client.articles().then((r) => report(r));
  }, [view, online, client]);
  useEffect(() => {
    if (view !== 'articles' || !online) return;
    const to = now();
    void client.faqMetrics({ from: to - metricsRange * DAY_MS, to }).then((r) => report(r));
  }, [view, online, client, metricsRange]);

  // QA reviews are fetched when the Quality view opens (supervisors: everyone's; agents: their own).
  useEffect(() => {
    if (view === 'quality' && online) void client.qaReviews().then((r) => report(r));
  }, [view, online, client]);
  const { dispositions, qaCriteria } = state.quality;
  const sections = inboxSections(state, filter).map((section) => ({
    id: section.id,
    rows: section.conversations.map((summary) => ({
      summary,
      unread: isUnread(state, summary),
      needsWrapUp: needsWrapUp(summary, me.id, dispositions),
    })),
  }));
  const selected = state.selectedId ? summaryFor(state, state.selectedId) : undefined;
  const nameOf = (departmentId: string) => departmentName(state, departmentId);
  const departments =
    state.departments.length > 0
      ? state.departments.map((d) => ({ id: d.id, name: d.name }))
      : (state.routing?.queues ?? []).map((q) => ({ id: q.departmentId, name: q.name }));
  const others = (state.routing?.agents ?? []).filter((a) => a.id !== me.id);
  const open = (conversationId: string) => {
    const hash = `${HASH_PREFIX}${encodeURIComponent(conversationId)}`;
    if (location.hash !== hash) location.hash = hash;
    setHashView('inbox');
    client.open(conversationId);
  };
  const report = (result: CommandResult, conversationId?: string) => {
    if (result.ok) return;
    const message = errorText(result);
    store.dispatch({
      type: 'notice',
      notice: conversationId
        ? { code: result.code, message, conversationId }
        : { code: result.code, message },
    });
  };
  /** Commands that end with the conversation on screen: accept, take, join. */
  const thenOpen = async (conversationId: string, action: Promise<CommandResult>) => {
    const result = await action;
    if (result.ok) open(conversationId);
    else report(result);
    return result;
  };
  const notice =
    state.notice && !state.notice.conversationId ? (
      <p class="workspace__notice" role="alert">
        {state.notice.message}
      </p>
    ) : null;

  const topBar = (
    <TopBar
      agentName={me.name}
      connection={state.connection}
      waiting={counts.waiting}
      presence={state.presence}
      onPresence={(p) => void client.setPresence(p).then((r) => report(r))}
      load={myLoad(state)}
      supervisor={supervisor}
      view={view}
      dueCallbacks={dueCallbackCount(state, at)}
      inboxHref={
        view !== 'inbox' && state.selectedId
          ? `${HASH_PREFIX}${encodeURIComponent(state.selectedId)}`
          : '#/'
      }
      onSignOut={() => {
        client.dispose();
        onSignOut();
      }}
    />
  );

  if (view === 'articles') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <ArticlesView
          articles={state.articles}
          departments={departments}
          departmentName={nameOf}
          onSave={(article) => client.save({ type: 'article.save', article })}
          onDelete={(articleId) => client.save({ type: 'article.delete', articleId })}
          onRender={client.renderArticle}
          metrics={state.faqMetrics}
          range={metricsRange}
          onRange={setMetricsRange}
        />
      </div>
    );
  }

  if (view === 'appearance') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <AppearanceView
          sites={state.sites}
          onSave={(site) => client.save({ type: 'site.save', site })}
          newId={deps.newId ?? (() => crypto.randomUUID())}
        />
      </div>
    );
  }

  if (view === 'quality') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <QualityView
          reviews={state.quality.qaReviews}
          criteria={qaCriteria}
          supervisor={supervisor}
          conversationHref={(id) => `${HASH_PREFIX}${encodeURIComponent(id)}`}
          onRefresh={() => void client.qaReviews().then((r) => report(r))}
        />
      </div>
    );
  }

  if (view === 'wallboard') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <WallboardView
          data={state.wallboard}
          routing={state.routing}
          routingAt={state.routingAt}
          now={at}
        />
      </div>
    );
  }

  if (view === 'reports') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <ReportsView
          report={state.kpiReport}
          now={at}
          online={online}
          sites={state.sites.map((s) => ({ id: s.siteId, name: s.name }))}
          departments={departments}
          agents={(state.routing?.agents ?? []).map((a) => ({ id: a.id, name: a.name }))}
          onQuery={(query) => void client.kpis(query).then((r) => report(r))}
          onExport={(kind, query) =>
            downloadCsv({ fetch: deps.fetch, token: session.token }, kind, query)
          }
        />
      </div>
    );
  }

  if (view === 'forecast') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        {notice}
        <ForecastView
          forecast={state.forecast}
          departments={departments}
          online={online}
          onRequest={(query) => void client.forecast(query).then((r) => report(r))}
          onSave={(departmentId, scheduled) => client.saveStaffing(departmentId, scheduled)}
        />
      </div>
    );
  }

  if (view === 'callbacks') {
    return (
      <div class="workspace workspace--team">
        {topBar}
        <CallbacksView
          groups={callbackGroups(state)}
          done={doneToday(state, at)}
          now={at}
          agentId={me.id}
          missingSkills={(departmentId) => missingSkills(state, departmentId)}
          departmentName={nameOf}
          onClaim={(id) => client.claimCallback(id)}
          onRelease={(id) => client.releaseCallback(id)}
          onOutcome={(id, outcome, note, dispositionId) =>
            client.recordOutcome(id, outcome, note, dispositionId)
          }
          dispositions={dispositions}
        />
      </div>
    );
  }

  if (view === 'team') {
    const live = [...inboxList(state, 'waiting'), ...inboxList(state, 'active')];
    return (
      <div class="workspace workspace--team">
        {topBar}
        <TeamView
          routing={state.routing}
          live={live}
          now={at}
          departmentName={nameOf}
          onReassign={(id, agentId) => client.assign(id, agentId)}
          onJoin={(id) => thenOpen(id, client.join(id))}
          departments={state.departments}
          canned={state.canned}
          localTimeZone={localTimeZone()}
          newId={deps.newId ?? (() => crypto.randomUUID())}
          onSaveDepartment={(department) => client.save({ type: 'department.save', department })}
          onSaveCanned={(canned) => client.save({ type: 'canned.save', canned })}
          onDeleteCanned={(id) => client.save({ type: 'canned.delete', id })}
          webhooks={state.webhooks}
          onRefreshWebhooks={() => client.webhooksLog()}
        />
      </div>
    );
  }

  return (
    <div class="workspace">
      {topBar}
      <Inbox
        sections={sections}
        filter={filter}
        counts={counts}
        selectedId={state.selectedId}
        agentId={me.id}
        now={at}
        departmentName={nameOf}
        onFilter={setFilter}
        onOpen={open}
        onTake={(id) => void thenOpen(id, client.assign(id, me.id))}
      >
        <OfferCards
          offers={offers}
          now={at}
          departmentName={nameOf}
          onAccept={(id) => void thenOpen(id, client.acceptOffer(id))}
          onDecline={(id) => void client.declineOffer(id).then((r) => report(r))}
        />
      </Inbox>
      <main class="workspace__main">
        {selected ? (
          <ConversationView
            key={selected.id}
            summary={selected}
            items={threadItems(state, selected.id)}
            loaded={state.threads[selected.id]?.loaded ?? false}
            typingName={typingName(state, selected.id, at)}
            notice={state.notice}
            draft={drafts[selected.id] ?? ''}
            readOnly={!state.inbox[selected.id]}
            departmentName={selected.routing ? nameOf(selected.routing.departmentId) : null}
            supervisor={supervisor}
            canned={state.canned}
            departments={departments}
            agents={others}
            onDraft={(text) => setDrafts((d) => ({ ...d, [selected.id]: text }))}
            onSend={(text, mode) => client.send(selected.id, text, mode)}
            onTyping={() => client.typing(selected.id)}
            onStopTyping={() => client.stopTyping(selected.id)}
            onClose={() => void client.close(selected.id)}
            onTransfer={(to, note) => client.transfer(selected.id, to, note)}
            cutOffPhone={cutOffPhone(state, selected.id)}
            onCallBack={() => client.createCallback(selected.id)}
            dispositions={dispositions}
            needsWrapUp={needsWrapUp(selected, me.id, dispositions)}
            onWrapUp={(wrapUp, close) => client.wrapUp(selected.id, wrapUp, { close })}
            qaCriteria={supervisor ? qaCriteria : []}
            previousReview={myReview(state.quality, selected.id, me.id)}
            onReview={async (scores, comment) => {
              const result = await client.saveReview(selected.id, scores, comment);
              // The roll-up and the prefill follow the saved review.
              if (result.ok) void client.qaReviews();
              return result;
            }}
          />
        ) : (
          <div class="workspace__empty">
            {notice}
            <p>{en.conversation.none}</p>
          </div>
        )}
      </main>
      {selected && (
        <ContextPanel
          summary={selected}
          now={at}
          history={customerThread(state, selected.visitor.id, selected.id)}
          article={readingArticle(state, selected.id)}
          onOpen={open}
        />
      )}
    </div>
  );
}
