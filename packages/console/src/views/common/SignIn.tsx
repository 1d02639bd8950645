import { useState } from 'preact/hooks';
import { en } from '../../i18n/en.js';

/** Props of {@link SignIn}. */
export interface SignInProps {
  /** True while the login request is in flight. */
  busy: boolean;
  /** The relay's message for a failed attempt, shown as an alert. */
  error: string | null;
  /** Why the agent is here again (session expired), shown above the form. */
  note: string | null;
  onSubmit(credentials: { email: string; password: string }): void;
}

/**
 * The sign-in card: product name, email, password, one button; errors inline.
 * @example <SignIn busy={false} error={null} note={null} onSubmit={signIn} />
 */
export function SignIn({ busy, error, note, onSubmit }: SignInProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <main class="signin">
      <form
        class="signin__card"
        aria-labelledby="signin-title"
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onSubmit({ email: email.trim(), password });
        }}
      >
        <h1 id="signin-title" class="signin__product">
          <span class="brand-mark" aria-hidden="true" />
          {en.product}
        </h1>
        <p class="signin__subtitle">{en.signIn.title}</p>
        {note && (
          <p class="signin__note" role="status">
            {note}
          </p>
        )}
        <label class="field">
          <span class="field__label">{en.signIn.email}</span>
          <input
            class="field__input"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">{en.signIn.password}</span>
          <input
            class="field__input"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="signin__error" role="alert">
            {error}
          </p>
        )}
        <button class="button button--primary signin__submit" type="submit" disabled={busy}>
          {en.signIn.submit}
        </button>
        {busy && (
          <p class="signin__busy" role="status">
            {en.signIn.submitting}
          </p>
        )}
      </form>
    </main>
  );
}
