import { errorFrame } from '@switchboard/shared';
import { siteInfo } from '../../sites/appearance.js';
import { rooms } from '../rooms.js';
import { type AgentArea, toEngine } from './session.js';

/** The team's setup: departments, canned replies, sites' appearance, the webhook log. */
export const adminHandlers: AgentArea<
  'department.save' | 'canned.save' | 'canned.delete' | 'site.save' | 'webhooks.log'
> = {
  'department.save': toEngine(),
  'canned.save': toEngine(),
  'canned.delete': toEngine(),
  'webhooks.log': async (_frame, respond, connection) => {
    if (!connection.supervisor()) {
      return respond(errorFrame('FORBIDDEN', 'Only a supervisor can read the webhook log.'));
    }
    const deliveries = await connection.ctx.reads.deliveries.recent();
    return respond({ type: 'webhooks.deliveries', deliveries });
  },
  'site.save': async (frame, respond, connection) => {
    const { ctx, actor } = connection;
    if (!connection.supervisor()) {
      return respond(errorFrame('FORBIDDEN', "Only a supervisor can change a site's appearance."));
    }
    const appearances = ctx.appearancesOf();
    const site = ctx.sites.get(frame.site.siteId);
    if (!site || !appearances.get(site.id)) {
      return respond(errorFrame('NOT_FOUND', `Unknown site "${frame.site.siteId}".`));
    }
    // Stored first: a failure changes nothing anyone sees.
    await appearances.save(frame.site);
    ctx.options.onShared?.('appearances');
    ctx.logger.info({ agentId: actor.id, site: site.id }, 'site appearance saved');
    respond({ type: 'ok' });
    ctx.toAgents(rooms.agents, { type: 'sites.changed', sites: appearances.all() });
    ctx.toVisitors(rooms.site(site.id), { type: 'site.updated', site: siteInfo(site, frame.site) });
  },
};
