// Starting a relay: what runs, in order, before it may answer a handshake or an API call.
import type { Config } from '../config.js';
import { seedRouting } from '../engine/load-state.js';
import { createFaqService, type FaqService } from '../faq/service.js';
import type { Wallboard } from '../queries/wallboard.js';
import { createSiteAppearances, type SiteAppearances } from '../sites/appearance.js';
import type { RelayServices } from './services.js';
import { warnDemoSecrets } from './warnings.js';

export interface StartParts extends RelayServices {
  config: Config;
  engine: { start(): Promise<void> };
  /** Start this node's webhook dispatcher (a cluster starts it on the core's owner instead). */
  webhooksHere: boolean;
  wallboard: Pick<Wallboard, 'start'>;
  now: () => number;
  /** Handed the help center once it is loaded (the transport reads it lazily). */
  setFaq(faq: FaqService): void;
  /** Handed the sites' appearances once the saved ones are read. */
  setAppearances(appearances: SiteAppearances): void;
}

/**
 * Load the help center and appearances, sync agents, seed routing, start the engine, the wallboard
 * and pending webhook deliveries; warn about demo secrets. Says whether the demo agents are active.
 * @example const ready = startRelay({ ...services, config, engine, wallboard, now, setFaq, setAppearances })
 */
export async function startRelay(parts: StartParts): Promise<{ demoAgent: boolean }> {
  const { config, store, agents, logger, now } = parts;
  parts.setFaq(await createFaqService({ config, store, logger, now }));
  parts.setAppearances(
    createSiteAppearances(config.sites, await store.listSiteAppearances(), store),
  );
  const { demoActive } = await agents.sync();
  await seedRouting({ config, store, agents, logger });
  await parts.engine.start();
  await parts.wallboard.start();
  // Deliveries left pending by the last run go out now, without holding up the start.
  if (parts.webhooksHere) void parts.webhooks.start();
  warnDemoSecrets(logger, demoActive, parts.identities);
  return { demoAgent: demoActive };
}
