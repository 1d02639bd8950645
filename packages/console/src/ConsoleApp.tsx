import type { ErrorCode } from '@switchboard/shared';
import { useState } from 'preact/hooks';
import { Workspace } from './app/Workspace.js';
import { login } from './client/login.js';
import {
  clearSession,
  type KeyValueStorage,
  loadSession,
  type StoredSession,
  saveSession,
} from './client/session-storage.js';
import type { AgentTransport } from './client/transport.js';
import { en } from './i18n/en.js';
import { SignIn } from './views/common/SignIn.js';

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
