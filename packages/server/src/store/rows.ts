// Rows that read the same on SQLite and PostgreSQL (same columns, same types), and what they
// become: one mapping for both stores, so a column added to one cannot be read differently.
import type { Callback, ConversationSummary } from '@switchboard/shared';
import type { WebhookDeliveryRecord } from './types.js';

/** A `webhook_deliveries` row. */
export interface DeliveryRow {
  id: string;
  url: string;
  event: WebhookDeliveryRecord['event'];
  body: string;
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

/**
 * A delivery as the port gives it.
 * @example const pending = rows.map(toDelivery)
 */
export const toDelivery = (row: DeliveryRow): WebhookDeliveryRecord => ({
  id: row.id,
  url: row.url,
  event: row.event,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.last_status,
  ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * A callback from its `data` column (the whole `Callback` as JSON).
 * @example const callbacks = rows.map(toCallback)
 */
export const toCallback = (row: { data: string }) => JSON.parse(row.data) as Callback;

/**
 * A conversation's summary from its `summary` column.
 * @example const open = rows.map(toSummary)
 */
export const toSummary = (row: { summary: string }) =>
  JSON.parse(row.summary) as ConversationSummary;
