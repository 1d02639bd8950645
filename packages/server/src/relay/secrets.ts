// Secrets a relay reads at start: each webhook's from the environment, each site's identity secret.
import {
  identitySecretEnv,
  loadDemoIdentitySecret,
  type SiteIdentity,
  userHash,
} from '../auth/user-hash.js';
import { type Config, ConfigError, type SiteConfig } from '../config.js';
import { DEMO_CONTENT_DIR, DEMO_SITE } from '../demo/site.js';
import type { ResolvedWebhook } from '../webhooks/dispatcher.js';

/** Each configured webhook with its secret from the environment; a missing one is a ConfigError. */
export function resolveWebhooks(config: Config, env: NodeJS.ProcessEnv): ResolvedWebhook[] {
  const missing = config.webhooks
    .map((w, i) =>
      env[w.secretEnv]
        ? null
        : `  - webhooks.${i}.secretEnv: the environment variable ${w.secretEnv} is not set`,
    )
    .filter((line) => line !== null);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return config.webhooks.map((w) => ({
    url: w.url,
    secret: env[w.secretEnv]!,
    events: new Set(w.events ?? ['callback.requested', 'callback.updated', 'callback.completed']),
  }));
}

/** The built-in demo site (the one served when no site is configured), not a configured one. */
export function isDemoSite(site: SiteConfig): boolean {
  return (
    site.id === DEMO_SITE.id &&
    site.name === DEMO_SITE.name &&
    site.content?.dir === DEMO_CONTENT_DIR
  );
}

/**
 * Each site's identity settings: `SWITCHBOARD_IDENTITY_SECRET_<SITE>` wins over the file; the
 * built-in demo site without either gets a generated secret kept in the data directory.
 */
export function resolveIdentities(
  config: Config,
  env: NodeJS.ProcessEnv,
): Map<string, SiteIdentity> {
  const result = new Map<string, SiteIdentity>();
  const problems: string[] = [];
  config.sites.forEach((site, i) => {
    const name = identitySecretEnv(site.id);
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv.length < 32) {
      problems.push(
        `  - sites.${i}.identity.secret (from ${name}): must be at least 32 characters`,
      );
      return;
    }
    let secret = fromEnv || site.identity?.secret;
    let demo = false;
    if (!secret && isDemoSite(site)) {
      secret = loadDemoIdentitySecret(config.dataDir);
      demo = true;
    }
    result.set(site.id, {
      ...(secret ? { secret } : {}),
      required: site.identity?.required ?? false,
      demo,
    });
  });
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return result;
}

/** `/demo/identity` for the built-in demo site's generated secret only. */
export function demoIdentityRoute(identities: ReadonlyMap<string, SiteIdentity>) {
  const demo = [...identities.values()].find((identity) => identity.demo && identity.secret);
  const secret = demo?.secret;
  return secret ? { demoUserHash: (userId: string) => userHash(userId, secret) } : {};
}
