import type { ErrorCode } from '@switchboard/shared';
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type AgentClient, type CommandResult, createAgentClient } from '../client/agent-client.js';
import {
  type KeyValueStorage,
  loadReadMarkers,
  type StoredSession,
  saveReadMarkers,
} from '../client/session-storage.js';
import type { AgentTransport } from '../client/transport.js';
import { errorText } from '../format/error-text.js';
import type { MetricsRange } from '../format/self-service.js';
import { en } from '../i18n/en.js';
import { dueCallbackCount } from '../store/callbacks.js';
import { type ConsoleStore, createConsoleStore } from '../store/create-store.js';
import {
  departmentName,
  type InboxFilter,
  inboxCounts,
  myLoad,
  myOffers,
} from '../store/selectors.js';
import { type ConsoleState, createInitialState } from '../store/state.js';
import { TopBar } from '../views/common/TopBar.js';
import { AppearanceArea } from './areas/AppearanceArea.js';
import { ArticlesArea } from './areas/ArticlesArea.js';
import { CallbacksArea } from './areas/CallbacksArea.js';
import { ForecastArea } from './areas/ForecastArea.js';
import { InboxArea } from './areas/InboxArea.js';
import { QualityArea } from './areas/QualityArea.js';
import { ReportsArea } from './areas/ReportsArea.js';
import { TeamArea } from './areas/TeamArea.js';
import { WallboardArea } from './areas/WallboardArea.js';
import {
  type ConsoleView,
  conversationFromHash,
  conversationHash,
  viewFromHash,
  visibleView,
} from './router.js';
import { WorkspaceContext, type WorkspaceContextValue } from './workspace-context.js';

/** What the workspace needs from the outside world (the app's props). */
export interface WorkspaceDeps {
  fetch: typeof fetch;
  storage: KeyValueStorage | null;
  connect(token: string): AgentTransport;
  newId?: () => string;
}

/** Props of {@link Workspace}. */
export interface WorkspaceProps {
  session: StoredSession;
  deps: WorkspaceDeps;
  now: () => number;
  onSignOut(): void;
  onAuthFailure(code: ErrorCode): void;
}

/**
 * The container of each screen but the inbox, and whether the workspace's notice shows above it
 * (the callbacks and team screens show theirs in place).
 */
const SCREENS: Readonly<
  Record<Exclude<ConsoleView, 'inbox'>, { Area: ComponentType; notice: boolean }>
> = {
  articles: { Area: ArticlesArea, notice: true },
  appearance: { Area: AppearanceArea, notice: true },
  quality: { Area: QualityArea, notice: true },
  wallboard: { Area: WallboardArea, notice: true },
  reports: { Area: ReportsArea, notice: true },
  forecast: { Area: ForecastArea, notice: true },
  callbacks: { Area: CallbacksArea, notice: false },
  team: { Area: TeamArea, notice: false },
};

/**
 * Owns one signed-in session: its store, its connection, the URL hash and the clock; shows the
 * top bar and the screen the hash names, whose container reads the rest from the context.
 */
export function Workspace({ session, deps, now, onSignOut, onAuthFailure }: WorkspaceProps) {
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
  const view = visibleView(hashView, supervisor);
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

  const open = (conversationId: string) => {
    const hash = conversationHash(conversationId);
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
  const notice =
    state.notice && !state.notice.conversationId ? (
      <p class="workspace__notice" role="alert">
        {state.notice.message}
      </p>
    ) : null;
  const context: WorkspaceContextValue = {
    state,
    store,
    client,
    me,
    supervisor,
    at,
    now,
    online: state.connection === 'online',
    newId: deps.newId ?? (() => crypto.randomUUID()),
    token: session.token,
    fetch: deps.fetch,
    departments:
      state.departments.length > 0
        ? state.departments.map((d) => ({ id: d.id, name: d.name }))
        : (state.routing?.queues ?? []).map((q) => ({ id: q.departmentId, name: q.name })),
    departmentName: (departmentId) => departmentName(state, departmentId),
    report,
    open,
    thenOpen: async (conversationId, action) => {
      const result = await action;
      if (result.ok) open(conversationId);
      else report(result);
      return result;
    },
    notice,
    filter,
    setFilter,
    drafts,
    setDraft: (conversationId, text) => setDrafts((d) => ({ ...d, [conversationId]: text })),
    metricsRange,
    setMetricsRange,
  };

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
      inboxHref={view !== 'inbox' && state.selectedId ? conversationHash(state.selectedId) : '#/'}
      onSignOut={() => {
        client.dispose();
        onSignOut();
      }}
    />
  );

  if (view === 'inbox') {
    return (
      <WorkspaceContext.Provider value={context}>
        <div class="workspace">
          {topBar}
          <InboxArea />
        </div>
      </WorkspaceContext.Provider>
    );
  }
  const { Area, notice: showNotice } = SCREENS[view];
  return (
    <WorkspaceContext.Provider value={context}>
      <div class="workspace workspace--team">
        {topBar}
        {showNotice && notice}
        <Area />
      </div>
    </WorkspaceContext.Provider>
  );
}
