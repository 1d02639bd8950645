import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_KEY } from '../../src/client/session-storage.js';
import { flush } from './support/fake-transport.js';
import { AGENT, T0, welcome } from './support/fixtures.js';
import { memoryStorage, renderConsole, signedIn } from './support/render-console.js';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function fillAndSubmit(email: string, password: string) {
  fireEvent.input(screen.getByRole('textbox', { name: 'Email' }), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

afterEach(() => {
  window.location.hash = '';
});

describe('sign in', () => {
  it('posts the credentials and shows the relay message on 401', async () => {
    const fetch = vi.fn(async () =>
      json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' } }),
    );
    renderConsole({ storage: memoryStorage(), fetch: fetch as unknown as typeof globalThis.fetch });
    expect(screen.getByRole('heading', { name: 'Switchboard' })).toBeTruthy();
    fillAndSubmit('grace@example.com', 'nope');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong email or password.');
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/agent/login');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ email: 'grace@example.com', password: 'nope' });
    // Still on the sign-in card.
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('says so when the relay cannot be reached', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    renderConsole({ storage: memoryStorage(), fetch: fetch as unknown as typeof globalThis.fetch });
    fillAndSubmit('grace@example.com', 'pw');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not reach the relay/);
  });

  it('keeps the session, connects with the token and shows the workspace', async () => {
    const fetch = vi.fn(async () =>
      json(200, { token: 'tok-new', expiresAt: T0 + 3600_000 * 8, agent: AGENT }),
    );
    const storage = memoryStorage();
    const view = renderConsole({ storage, fetch: fetch as unknown as typeof globalThis.fetch });
    fillAndSubmit('grace@example.com', 'correct horse');
    await screen.findByRole('button', { name: 'Sign out' });
    expect(view.tokens).toEqual(['tok-new']);
    expect(JSON.parse(storage.map.get(SESSION_KEY) ?? '{}').token).toBe('tok-new');
    expect(screen.getByText('Grace Hopper')).toBeTruthy();
  });

  it('stays signed in across a reload, and Sign out forgets the session', async () => {
    const storage = memoryStorage(signedIn());
    const view = renderConsole({ storage, respond: () => welcome([]) });
    expect(view.tokens).toEqual(['tok-1']);
    await act(async () => {
      view.transport.connect();
      await flush();
    });
    expect(screen.getByText('Connected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(storage.map.has(SESSION_KEY)).toBe(false);
    expect(view.transport.closed).toBe(true);
  });

  it('ignores an expired stored session', () => {
    renderConsole({ storage: memoryStorage(signedIn(T0 - 1000)) });
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('goes back to sign in with a note when the relay says the token expired', async () => {
    const storage = memoryStorage(signedIn());
    const view = renderConsole({ storage });
    await act(async () => {
      view.transport.fail({
        message: 'TOKEN_EXPIRED',
        data: {
          type: 'error',
          code: 'TOKEN_EXPIRED',
          message: 'The session has expired; sign in again.',
        },
      });
    });
    await waitFor(() => screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Your session has expired. Sign in again.')).toBeTruthy();
    expect(storage.map.has(SESSION_KEY)).toBe(false);
  });
});
