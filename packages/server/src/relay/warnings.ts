// What a relay logs once it has started: the demo credentials and secrets still in use.
import type { Logger } from 'pino';
import type { SiteIdentity } from '../auth/user-hash.js';
import { DEMO_AGENTS } from '../demo/agents.js';

/**
 * Warn while the demo agents can sign in, and for each site verifying identities with the
 * generated demo secret.
 * @example warnDemoSecrets(logger, demoActive, identities)
 */
export function warnDemoSecrets(
  logger: Pick<Logger, 'warn'>,
  demoActive: boolean,
  identities: ReadonlyMap<string, SiteIdentity>,
): void {
  if (demoActive) {
    logger.warn(
      {
        agents: DEMO_AGENTS.map((a) => ({ email: a.email, name: a.name, role: a.role })),
        password: DEMO_AGENTS[0].password,
      },
      'demo credentials are active: configure agents to disable them',
    );
  }
  for (const [site, identity] of identities) {
    if (identity.demo) {
      logger.warn(
        { site },
        'the demo site verifies identities with a generated demo secret: never use it for a real site',
      );
    }
  }
}
