import { cleanName, HOLIDAY_DATE, STRATEGIES } from '@switchboard/shared';
import * as z from 'zod';
import { identifier, timeZone, WeeklyHours } from './fields.js';

// The team's part of the config: departments (strategies and hour rules from shared), agents,
// canned responses, wrap-up codes and the QA scorecard.

export const Department = z.strictObject({
  id: identifier,
  name: z.string().min(1, 'must not be empty').max(300),
  skills: z.array(identifier).default([]),
  /** Agents by email (or id). Merged with `agents[].departmentIds`. */
  agentIds: z.array(z.string().min(1)).default([]),
  timeZone: timeZone.default('UTC'),
  hours: WeeklyHours.default([]),
  holidays: z.array(z.string().regex(HOLIDAY_DATE, 'must be YYYY-MM-DD')).default([]),
  strategy: z.enum(STRATEGIES).default('longest-idle'),
  offerTimeoutSec: z
    .number()
    .int()
    .min(5, 'must be 5 to 600 seconds')
    .max(600, 'must be 5 to 600 seconds')
    .default(30),
  autoAccept: z.boolean().default(false),
});

export const Canned = z.strictObject({
  id: identifier.optional(),
  shortcut: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 characters: a-z, 0-9, "-" or "_"'),
  title: z.string().min(1, 'must not be empty').max(300),
  text: z.string().min(1, 'must not be empty').max(5000),
});

export const Agent = z.strictObject({
  email: z.email('must be an email address').max(254),
  /** Shown to visitors: cleaned like the names people type (no bidi overrides, invisibles, controls). */
  name: z
    .string()
    .max(300)
    .transform(cleanName)
    .pipe(z.string().min(1, 'must not be empty (after removing invisible characters)')),
  passwordHash: z
    .string()
    .regex(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/,
      'must be a hash printed by `switchboard hash-password`',
    ),
  role: z.enum(['agent', 'supervisor']).default('agent'),
  /** Most conversations at once. */
  capacity: z.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').default(3),
  skills: z.array(identifier).default([]),
  /** Departments this agent serves, merged into the departments' `agentIds` at start-up. */
  departmentIds: z.array(identifier).default([]),
});

/** The wrap-up codes when none are configured. */
export const DEFAULT_DISPOSITIONS = [
  { id: 'order-status', label: 'Order status' },
  { id: 'return-refund', label: 'Return or refund' },
  { id: 'product-question', label: 'Product question' },
  { id: 'technical-issue', label: 'Technical issue' },
  { id: 'billing', label: 'Billing' },
  { id: 'complaint', label: 'Complaint' },
  { id: 'other', label: 'Other' },
] as const;

/** The QA scorecard when none is configured. */
export const DEFAULT_QA_CRITERIA = [
  {
    id: 'accuracy',
    label: 'Accuracy',
    description: 'The answers were correct and complete, and followed policy.',
  },
  {
    id: 'empathy',
    label: 'Empathy',
    description: "The agent acknowledged the customer's situation and kept a warm tone.",
  },
  {
    id: 'compliance',
    label: 'Compliance',
    description: 'Identity checks, privacy and required wording were handled properly.',
  },
  {
    id: 'ownership',
    label: 'Ownership',
    description: 'The agent took charge, set clear next steps and followed through.',
  },
] as const;

export const Disposition = z.strictObject({
  id: identifier,
  label: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

export const QaCriterion = z.strictObject({
  id: identifier,
  label: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(500, 'must be at most 500 characters').optional(),
});

/** The one department made when agents are configured but no department is. */
export const GENERAL_DEPARTMENT_ID = 'general';

/** An agent as configured. */
export type AgentConfig = z.output<typeof Agent>;
/** A department as configured, defaults applied (`agentIds` may hold emails). */
export type DepartmentConfig = z.output<typeof Department>;
/** A canned response as configured. */
export type CannedConfig = z.output<typeof Canned>;
