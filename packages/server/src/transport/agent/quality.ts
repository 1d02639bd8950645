import { errorFrame } from '@switchboard/shared';
import type { QualityService } from '../../quality/service.js';
import type { Respond } from '../context.js';
import type { Handler } from '../frames.js';
import { type AgentFrame, reportRangeError } from './commands.js';
import type { AgentArea, AgentConnection } from './session.js';

type QualityFrame = AgentFrame<
  'kpi.get' | 'forecast.get' | 'staffing.save' | 'qa.review.save' | 'qa.reviews.get'
>;

/** Who asks, as the quality service needs it. */
interface Caller {
  id: string;
  supervisor: boolean;
}

/** A quality handler: answered `INTERNAL` when the relay runs without the quality service. */
const withQuality =
  <F extends QualityFrame>(
    step: (
      frame: F,
      respond: Respond,
      quality: QualityService,
      caller: Caller,
      connection: AgentConnection,
    ) => Promise<void> | void,
  ): Handler<F, AgentConnection> =>
  (frame, respond, connection) => {
    const quality = connection.ctx.options.quality;
    if (!quality) return respond(errorFrame('INTERNAL'));
    const caller = { id: connection.actor.id, supervisor: connection.supervisor() };
    return step(frame, respond, quality, caller, connection);
  };

const SUPERVISORS_ONLY = 'Only a supervisor can do this.';

/** Reports, forecasts, staffing and QA reviews. */
export const qualityHandlers: AgentArea<
  'kpi.get' | 'forecast.get' | 'staffing.save' | 'qa.review.save' | 'qa.reviews.get'
> = {
  'kpi.get': withQuality(async (frame, respond, quality, caller) => {
    const tooLong = reportRangeError(frame);
    if (tooLong) return respond(tooLong);
    return respond(await quality.report(frame, caller));
  }),
  'qa.reviews.get': withQuality(async (frame, respond, quality, caller) =>
    respond(await quality.reviews(frame, caller)),
  ),
  'qa.review.save': withQuality(async (frame, respond, quality, _caller, connection) => {
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
  'forecast.get': withQuality(async (frame, respond, quality, caller) => {
    if (!caller.supervisor) return respond(errorFrame('FORBIDDEN', SUPERVISORS_ONLY));
    const forecast = await quality.forecast(frame);
    return respond(forecast ?? errorFrame('UNKNOWN_DEPARTMENT'));
  }),
  'staffing.save': withQuality(async (frame, respond, quality, caller) => {
    if (!caller.supervisor) return respond(errorFrame('FORBIDDEN', SUPERVISORS_ONLY));
    const saved = await quality.saveStaffing(frame.departmentId, frame.scheduled);
    return respond(saved ? { type: 'ok' } : errorFrame('UNKNOWN_DEPARTMENT'));
  }),
};
