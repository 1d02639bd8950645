import type { Config } from '../config.js';

/** Who may open a socket, by the page's Origin header. */
export interface OriginPolicy {
  /**
   * A visitor-side request: no Origin (not a browser), the relay's own origin, the public URL,
   * or an origin on the allowlist of the site named in `?site=`.
   */
  allowsVisitor(
    origin: string | undefined,
    host: string | undefined,
    siteId: string | null,
  ): boolean;
  /** An agent-side request: no Origin, the relay's own origin or the public URL only. */
  allowsAgent(origin: string | undefined, host: string | undefined): boolean;
  /** Any site's allowlisted origin: the ones CORS answers must name for cross-origin polling. */
  isListed(origin: string): boolean;
}

/**
 * @example const policy = createOriginPolicy(config); policy.allowsAgent(req.headers.origin, req.headers.host)
 */
export function createOriginPolicy(config: Pick<Config, 'sites' | 'publicUrl'>): OriginPolicy {
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : undefined;
  const bySite = new Map(config.sites.map((site) => [site.id, new Set(site.origins)]));
  const listed = new Set(config.sites.flatMap((site) => site.origins));

  const own = (origin: string, host: string | undefined) =>
    origin === publicOrigin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));

  return {
    allowsVisitor: (origin, host, siteId) =>
      origin === undefined ||
      own(origin, host) ||
      (siteId !== null && (bySite.get(siteId)?.has(origin) ?? false)),
    allowsAgent: (origin, host) => origin === undefined || own(origin, host),
    isListed: (origin) => listed.has(origin),
  };
}
