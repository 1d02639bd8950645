import { errorFrame } from '@switchboard/shared';
import type { QualityService } from '../../quality/service.js';
import type { Respond } from '../context.js';
import type { Handler } from '../frames.js';
import { type AgentFrame, reportRangeError } from './commands.js';
import type { AgentArea, AgentConnection } from './session.js';

type QualityWriteFrame = AgentFrame<'staffing.save' | 'qa.review.save'>;

/** Who asks: their id, and whether they are a supervisor now. */
const callerOf = (connection: AgentConnection) => ({
  id: connection.actor.id,
  supervisor: connection.supervisor(),
});

/** A quality write: answered `INTERNAL` when the relay runs without the quality service. */
const withQuality =
  <F extends QualityWriteFrame>(
    step: (
      frame: F,
      respond: Respond,
      quality: QualityService,
      connection: AgentConnection,
    ) => Promise<void> | void,
  ): Handler<F, AgentConnection> =>
  (frame, respond, connection) => {
    const quality = connection.ctx.options.quality;
    if (!quality) return respond(errorFrame('INTERNAL'));
    return step(frame, respond, quality, connection);
  };

const SUPERVISORS_ONLY = 'Only a supervisor can do this.';

/** Reports, forecasts, staffing and QA reviews. */
export const qualityHandlers: AgentArea<
  'kpi.get' | 'forecast.get' | 'staffing.save' | 'qa.review.save' | 'qa.reviews.get'
> = {
  'kpi.get': async (frame, respond, connection) => {
    const caller = callerOf(connection);
    const tooLong = reportRangeError(frame);
    if (tooLong) return respond(tooLong);
    return respond(await connection.ctx.reads.reports.report(frame, caller));
  },
  'qa.reviews.get': async (frame, respond, connection) =>
    respond(await connection.ctx.reads.reviews.list(frame, callerOf(connection))),
  'qa.review.save': withQuality(async (frame, respond, quality, connection) => {
    const { ctx, actor } = connection;
    const found = await connection.conversationFor(
      'qa.review.save',
      ctx.engine.state,
      frame.conversationId,
    );
    if (!found.ok) return respond(found.error);
    const result = await quality.saveReview(frame, actor);
    return respond(result.ok ? { type: 'ok' } : errorFrame(result.code, result.message));
  }),
  'forecast.get': async (frame, respond, connection) => {
    if (!connection.supervisor()) return respond(errorFrame('FORBIDDEN', SUPERVISORS_ONLY));
    const forecast = await connection.ctx.reads.reports.forecast(frame);
    return respond(forecast ?? errorFrame('UNKNOWN_DEPARTMENT'));
  },
  'staffing.save': withQuality(async (frame, respond, quality, connection) => {
    if (!connection.supervisor()) return respond(errorFrame('FORBIDDEN', SUPERVISORS_ONLY));
    const saved = await quality.saveStaffing(frame.departmentId, frame.scheduled);
    return respond(saved ? { type: 'ok' } : errorFrame('UNKNOWN_DEPARTMENT'));
  }),
};
