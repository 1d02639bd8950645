import type { ErrorCode } from '@switchboard/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type AgentClient, createAgentClient } from './client/agent-client.js';
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
import { en } from './i18n/en.js';
import { type ConsoleStore, createConsoleStore } from './store/create-store.js';
import {
  type InboxFilter,
  inboxCounts,
  inboxList,
  isUnread,
  threadItems,
  typingName,
} from './store/selectors.js';
import { type ConsoleState, createInitialState } from './store/state.js';
import { ContextPanel } from './views/ContextPanel.js';
import { ConversationView } from './views/ConversationView.js';
import { Inbox } from './views/Inbox.js';
import { SignIn } from './views/SignIn.js';
import { TopBar } from './views/TopBar.js';

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
    const onHash = () => client.open(conversationFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    // Relative times ("2 min. ago") and visitors' local clocks move on their own.
    const clock = setInterval(() => setTick((t) => t + 1), 30_000);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHash);
      clearInterval(clock);
      client.dispose();
    };
  }, [store, client, storage]);

  const counts = useMemo(() => inboxCounts(state), [state]);
  useEffect(() => {
    document.title = counts.waiting > 0 ? `(${counts.waiting}) ${en.product}` : en.product;
  }, [counts.waiting]);

  const at = now();
  const rows = inboxList(state, filter).map((summary) => ({
    summary,
    unread: isUnread(state, summary),
  }));
  const selected = state.selectedId ? state.inbox[state.selectedId] : undefined;
  const open = (conversationId: string) => {
    const hash = `${HASH_PREFIX}${encodeURIComponent(conversationId)}`;
    if (location.hash !== hash) location.hash = hash;
    client.open(conversationId);
  };

  return (
    <div class="workspace">
      <TopBar
        agentName={state.agent?.name ?? session.agent.name}
        connection={state.connection}
        waiting={counts.waiting}
        onSignOut={() => {
          client.dispose();
          onSignOut();
        }}
      />
      <Inbox
        rows={rows}
        filter={filter}
        counts={counts}
        selectedId={state.selectedId}
        agentId={state.agent?.id ?? null}
        now={at}
        onFilter={setFilter}
        onOpen={open}
      />
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
            onDraft={(text) => setDrafts((d) => ({ ...d, [selected.id]: text }))}
            onSend={(text) => client.send(selected.id, text)}
            onTyping={() => client.typing(selected.id)}
            onStopTyping={() => client.stopTyping(selected.id)}
            onClose={() => void client.close(selected.id)}
          />
        ) : (
          <p class="workspace__empty">{en.conversation.none}</p>
        )}
      </main>
      {selected && <ContextPanel summary={selected} now={at} />}
    </div>
  );
}
