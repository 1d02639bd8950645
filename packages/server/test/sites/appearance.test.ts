import type { SiteAppearance } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { appearanceFromConfig, createSiteAppearances } from '../../src/sites/appearance.js';
import { createMemoryStore } from '../../src/store/memory.js';

const config = parseConfig({
  dataDir: '/tmp/switchboard-unused',
  sites: [
    { id: 'shop', name: 'Shop' },
    { id: 'help', name: 'Help' },
  ],
});
const [shop, help] = config.sites as [(typeof config.sites)[0], (typeof config.sites)[0]];
const red = (site = shop): SiteAppearance => ({ ...appearanceFromConfig(site), color: '#aa3300' });

describe('the site appearances', () => {
  it("puts the saved ones over the config's, in config order, ignoring sites no longer served", () => {
    const gone = { ...red(), siteId: 'gone' };
    const appearances = createSiteAppearances(config.sites, [red(help), gone], createMemoryStore());
    expect(appearances.all().map((a) => [a.siteId, a.color])).toEqual([
      ['shop', '#1f6f5c'],
      ['help', '#aa3300'],
    ]);
    expect(appearances.get('gone')).toBeUndefined();
  });

  it('saves one: stored, then in force', async () => {
    const store = createMemoryStore();
    const appearances = createSiteAppearances(config.sites, [], store);
    expect(await appearances.save(red())).toBe(true);
    expect(await store.listSiteAppearances()).toEqual([red()]);
    expect(appearances.get('shop')).toEqual(red());
  });

  it('refuses a site it does not serve, storing nothing', async () => {
    const store = createMemoryStore();
    const appearances = createSiteAppearances(config.sites, [], store);
    expect(await appearances.save({ ...red(), siteId: 'elsewhere' })).toBe(false);
    expect(await store.listSiteAppearances()).toEqual([]);
    expect(appearances.get('elsewhere')).toBeUndefined();
  });

  it('keeps the one in force when the store fails', async () => {
    const failing = {
      saveSiteAppearance: () => Promise.reject(new Error('disk full')),
    };
    const appearances = createSiteAppearances(config.sites, [], failing);
    await expect(appearances.save(red())).rejects.toThrow('disk full');
    expect(appearances.get('shop')?.color).toBe('#1f6f5c');
  });
});
