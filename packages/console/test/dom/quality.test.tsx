import type {
  AgentToServer,
  ConversationSummary,
  QaCriterion,
  QaReviews,
} from '@switchboard/shared';
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { needsWrapUp } from '../../src/store/quality.js';
import { reduce } from '../../src/store/reduce.js';
import { createInitialState } from '../../src/store/state.js';
import { flush } from './support/fake-transport.js';
import { AGENT, created, routingWelcome, SUPERVISOR, summary, T0 } from './support/fixtures.js';
import { renderConsole } from './support/render-console.js';

const GRACE = { id: AGENT.id, name: AGENT.name };
const MAYA = { id: SUPERVISOR.id, name: SUPERVISOR.name };
const CRITERIA: QaCriterion[] = [
  { id: 'accuracy', label: 'Accuracy', description: 'The answer was correct and complete.' },
  { id: 'empathy', label: 'Empathy' },
];
const closed = (overrides: Partial<ConversationSummary> = {}) =>
  summary({ status: 'closed', agent: GRACE, lastSeq: 2, closedAt: T0 + 30_000, ...overrides });

const REVIEWS: QaReviews = {
  type: 'qa.reviews',
  criteria: CRITERIA,
  reviews: [
    {
      id: 'r_2',
      conversationId: 'c_9',
      agent: GRACE,
      reviewer: MAYA,
      scores: { accuracy: 5, empathy: 4 },
      comment: 'Lovely tone; link the returns article next time.',
      at: T0 - 3600_000,
    },
    {
      id: 'r_1',
      conversationId: 'c_8',
      agent: { id: 'a_sam', name: 'Sam Lee' },
      reviewer: MAYA,
      scores: { accuracy: 2, empathy: 3 },
      at: T0 - 7200_000,
    },
  ],
  rollup: [
    { agent: GRACE, reviews: 1, average: 4.5, byCriterion: { accuracy: 5, empathy: 4 } },
    {
      agent: { id: 'a_sam', name: 'Sam Lee' },
      reviews: 1,
      average: 2.5,
      byCriterion: { accuracy: 2, empathy: null },
    },
  ],
};

function relay(options: { supervisor?: boolean; conversations?: ConversationSummary[] }) {
  const conversations = options.conversations ?? [closed()];
  return (frame: AgentToServer): unknown => {
    switch (frame.type) {
      case 'agent.hello':
        return routingWelcome(conversations, {
          agent: options.supervisor ? SUPERVISOR : AGENT,
          qaCriteria: CRITERIA,
          dispositions: [{ id: 'order_status', label: 'Order status' }],
        });
      case 'conversation.open': {
        const conversation = conversations.find((c) => c.id === frame.conversationId);
        if (!conversation) return { type: 'error', code: 'NOT_FOUND', message: 'Not found.' };
        return { type: 'conversation.events', conversation, events: [created(1)], more: false };
      }
      case 'customer.history':
        return { type: 'customer.conversations', visitorId: frame.visitorId, conversations: [] };
      case 'qa.reviews.get':
        return REVIEWS;
      default:
        return { type: 'ok' };
    }
  };
}

async function start(options: { supervisor?: boolean; hash?: string } = {}) {
  window.location.hash = options.hash ?? '#/c/c_1';
  const view = renderConsole({ respond: relay(options), now: () => T0 + 60_000 });
  await act(async () => {
    view.transport.connect();
    await flush(10);
  });
  // Views fetch what they show once online (an effect): let that answer land too.
  await act(() => flush(10));
  return view;
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
    await flush(10);
  });
}

describe('QA scorecard', () => {
  it('a supervisor reviews a closed conversation: every criterion scored 1 to 5, a coaching comment', async () => {
    const view = await start({ supervisor: true });
    await click(screen.getByRole('button', { name: 'Review' }));
    const dialog = screen.getByRole('dialog', { name: 'QA review' });
    const accuracy = within(dialog).getByRole('group', { name: 'Accuracy' });
    expect(accuracy.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      document.getElementById(accuracy.getAttribute('aria-describedby') ?? '')?.textContent,
    ).toBe('The answer was correct and complete.');
    expect(
      within(accuracy)
        .getAllByRole('radio')
        .map((r) => r.getAttribute('value')),
    ).toEqual(['1', '2', '3', '4', '5']);

    fireEvent.click(within(accuracy).getByRole('radio', { name: '4' }));
    await click(within(dialog).getByRole('button', { name: 'Save review' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Score every criterion.');
    expect(view.transport.of('qa.review.save')).toHaveLength(0);

    const empathy = within(dialog).getByRole('group', { name: 'Empathy' });
    fireEvent.click(within(empathy).getByRole('radio', { name: '5' }));
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Coaching comment' }), {
      target: { value: 'Great ownership of the delay.' },
    });
    await click(within(dialog).getByRole('button', { name: 'Save review' }));
    expect(view.transport.of('qa.review.save')).toEqual([
      {
        type: 'qa.review.save',
        conversationId: 'c_1',
        scores: { accuracy: 4, empathy: 5 },
        comment: 'Great ownership of the delay.',
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    // The roll-up follows the saved review.
    expect(view.transport.of('qa.reviews.get')).toHaveLength(1);
  });

  it('agents get no Review button', async () => {
    await start();
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Review' })).toBeNull();
  });
});

describe('Quality view', () => {
  it('supervisors see the roll-up per agent and the reviews, each linking to its conversation', async () => {
    const view = await start({ supervisor: true, hash: '#/quality' });
    expect(view.transport.of('qa.reviews.get')).toEqual([{ type: 'qa.reviews.get' }]);
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(within(nav).getByRole('link', { name: 'Quality' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Quality' })).toBeTruthy();

    const table = screen.getByRole('table', { name: 'Scores per agent' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Agent', 'Reviews', 'Average', 'Accuracy', 'Empathy']);
    const sam = within(table).getByRole('row', { name: /Sam Lee/ });
    expect(
      within(sam)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '2.5', '2.0', '–']);

    const list = screen.getByRole('list', { name: 'Reviews' });
    const review = within(list).getByRole('article', {
      name: 'Grace Hopper · reviewed by Maya Chen',
    });
    expect(review.textContent).toContain('Accuracy: 5/5');
    expect(review.textContent).toContain('Empathy: 4/5');
    expect(review.textContent).toContain('Average 4.5');
    expect(review.textContent).toContain('Lovely tone; link the returns article next time.');
    expect(
      within(review).getByRole('link', { name: 'Open conversation' }).getAttribute('href'),
    ).toBe('#/c/c_9');
  });

  it('agents see their own coaching', async () => {
    const view = await start({ hash: '#/quality' });
    expect(screen.getByRole('heading', { level: 1, name: 'My coaching' })).toBeTruthy();
    expect(view.transport.of('qa.reviews.get')).toHaveLength(1);
  });
});

describe('quality slice', () => {
  it('takes codes and scorecard from the welcome, and the reviews from qa.reviews', () => {
    let state = reduce(createInitialState(), {
      type: 'frame',
      now: T0,
      frame: routingWelcome([], { qaCriteria: CRITERIA, dispositions: [{ id: 'x', label: 'X' }] }),
    });
    expect(state.quality.qaCriteria).toEqual(CRITERIA);
    expect(state.quality.dispositions).toEqual([{ id: 'x', label: 'X' }]);
    state = reduce(state, { type: 'frame', now: T0, frame: REVIEWS });
    expect(state.quality.qaReviews?.rollup).toHaveLength(2);
  });

  it.each([
    ['closed, mine, no wrap-up', {}, true],
    ['still active', { status: 'active' as const }, false],
    ['already wrapped up', { wrapUp: { dispositionId: 'x', resolved: true, at: T0 } }, false],
    ['handled by someone else', { agent: { id: 'a_sam', name: 'Sam Lee' } }, false],
    ['abandoned in the queue', { agent: null, closeReason: 'abandoned' as const }, false],
  ])('needsWrapUp: %s', (_name, overrides, expected) => {
    expect(needsWrapUp(closed(overrides), GRACE.id, [{ id: 'x', label: 'X' }])).toBe(expected);
  });

  it('needsWrapUp is false when the relay has no codes', () => {
    expect(needsWrapUp(closed(), GRACE.id, [])).toBe(false);
  });
});
