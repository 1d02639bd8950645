// The REST API's routes under `/api/v1/`: the CSV exports first, then the callbacks API.
import type { Logger } from 'pino';
import type { AgentDirectory } from '../auth/agents.js';
import type { Config } from '../config.js';
import type { Engine } from '../engine/engine.js';
import { createApiV1 } from '../http/api-v1.js';
import { createCsvExport } from '../http/export.js';
import type { HttpHandlerOptions } from '../http/handler.js';
import type { ReadSide } from '../queries/read-side.js';

/**
 * One handler for `/api/v1/`: answers and returns true for the paths it serves.
 * @example createHttpHandler({ ..., api: apiRoutes({ config, agents, engine, reads, logger, ready }) })
 */
export function apiRoutes(parts: {
  config: Config;
  agents: AgentDirectory;
  engine: Engine;
  reads: ReadSide;
  logger: Logger;
  ready: Promise<void>;
}): NonNullable<HttpHandlerOptions['api']> {
  const { config, agents, engine, reads, logger, ready } = parts;
  const v1 = createApiV1({ keys: config.apiKeys, engine, reads, logger, ready });
  const csv = createCsvExport({ config, agents, reports: reads.reports, ready });
  return async (req, res, path) => (await csv(req, res, path)) || v1(req, res, path);
}
