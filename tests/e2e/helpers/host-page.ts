import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into pages to audit the widget. */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * Serve `html` at `url` (on the relay's own origin, so the widget's socket is allowed) without a
 * server of our own: the page is fulfilled by Chromium's request interception.
 */
export async function serveHostPage(
  page: Page,
  url: string,
  html: string,
  headers: Record<string, string> = {},
): Promise<void> {
  await page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers }),
  );
}

/** The loader snippet as a site owner pastes it, with optional queued calls before it. */
export function snippet(relayUrl: string, attrs = 'data-site="demo"', before = ''): string {
  return `<script>window.Switchboard=window.Switchboard||function(){(Switchboard.q=Switchboard.q||[]).push(arguments)};${before}</script>
<script src="${relayUrl}/widget.js" ${attrs} async></script>`;
}

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

/**
 * Run axe-core (WCAG 2.0/2.1 A and AA rules) on the widget only: its host element and the open
 * shadow tree under it. Returns the violations, each with the selectors of the failing nodes.
 */
export async function auditWidget(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  // Audit what a person sees once the panel has settled, not a frame of its opening fade.
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const root = document.getElementById('switchboard-widget')?.shadowRoot;
    const running = [...document.getAnimations(), ...(root?.getAnimations() ?? [])];
    await Promise.all(running.map((animation) => animation.finished.catch(() => {})));
  });
  return page.evaluate(async () => {
    type AxeResult = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<AxeResult> } })
      .axe;
    const result = await axe.run(
      { include: [['#switchboard-widget']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(
        (n) =>
          `${JSON.stringify(n.target)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`,
      ),
    }));
  });
}

/** The element focused inside the widget's shadow root (document.activeElement is its host). */
export async function widgetFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const host = document.getElementById('switchboard-widget');
    const active = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
    if (!active) return null;
    const name =
      active.getAttribute('aria-label') ??
      (active.id
        ? host?.shadowRoot?.querySelector(`label[for="${active.id}"]`)?.textContent
        : null) ??
      active.textContent ??
      '';
    return `${active.tagName.toLowerCase()}:${name.trim()}`;
  });
}
