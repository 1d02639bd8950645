import type { SiteAppearance, SiteInfo } from '@switchboard/shared';
import type { SiteConfig } from '../config.js';
import type { DirectoryStore } from '../store/types.js';

/** The brand colour when a site names none (the widget's own default). */
export const DEFAULT_COLOR = '#1f6f5c';

/**
 * A site's appearance as its config file has it (defaults applied).
 * @example appearanceFromConfig(config.sites[0]).theme.position // 'right'
 */
export function appearanceFromConfig(site: SiteConfig): SiteAppearance {
  return {
    siteId: site.id,
    name: site.name,
    ...(site.greeting !== undefined ? { greeting: site.greeting } : {}),
    color: site.color ?? DEFAULT_COLOR,
    theme: {
      position: site.theme.position,
      offsetX: site.theme.offsetX,
      offsetY: site.theme.offsetY,
      ...(site.theme.launcherLabel !== undefined
        ? { launcherLabel: site.theme.launcherLabel }
        : {}),
      mode: site.theme.mode,
      sound: site.theme.sound,
    },
    triggers: site.triggers.map((t) => ({
      id: t.id,
      message: t.message,
      afterSec: t.afterSec,
      ...(t.urlPattern !== undefined ? { urlPattern: t.urlPattern } : {}),
    })),
  };
}

/**
 * What the widget is told about a site (`session.welcome`, `site.updated`): the appearance in
 * force, with the config's pre-chat form and callback offer.
 * @example siteInfo(site, appearances.get(site.id))
 */
export function siteInfo(site: SiteConfig, appearance: SiteAppearance): SiteInfo {
  const { prechat, callback } = site;
  return {
    id: site.id,
    name: appearance.name,
    ...(appearance.greeting !== undefined ? { greeting: appearance.greeting } : {}),
    color: appearance.color,
    theme: appearance.theme,
    triggers: appearance.triggers,
    ...(prechat
      ? {
          prechat: {
            fields: prechat.fields.map((f) => ({ name: f.name, required: f.required })),
            topics: prechat.topics.map((t) => ({ id: t.id, label: t.label })),
          },
        }
      : {}),
    ...(callback
      ? {
          callback: {
            consentText: callback.consentText,
            ...(callback.defaultCountry ? { defaultCountry: callback.defaultCountry } : {}),
          },
        }
      : {}),
  };
}

/** Every site's appearance in force: the config file's, with supervisors' saved ones over it. */
export interface SiteAppearances {
  get(siteId: string): SiteAppearance | undefined;
  /** In config order. */
  all(): SiteAppearance[];
  /**
   * Store a supervisor's appearance, then put it in force; false (nothing stored) for a site the
   * relay does not serve. Stored first: a failed write changes nothing anyone sees.
   */
  save(appearance: SiteAppearance): Promise<boolean>;
}

/**
 * Build the appearances from the config and the saved overrides (saved ones of sites no longer
 * configured are ignored); `save` writes to `store`.
 * @example const appearances = createSiteAppearances(config.sites, await store.listSiteAppearances(), store)
 */
export function createSiteAppearances(
  sites: readonly SiteConfig[],
  saved: readonly SiteAppearance[],
  store: Pick<DirectoryStore, 'saveSiteAppearance'>,
): SiteAppearances {
  const current = new Map(sites.map((site) => [site.id, appearanceFromConfig(site)]));
  for (const appearance of saved) {
    if (current.has(appearance.siteId)) current.set(appearance.siteId, appearance);
  }
  return {
    get: (siteId) => current.get(siteId),
    all: () => [...current.values()],
    async save(appearance) {
      if (!current.has(appearance.siteId)) return false;
      await store.saveSiteAppearance(appearance);
      current.set(appearance.siteId, appearance);
      return true;
    },
  };
}
