import { en } from '../i18n/en.js';

/**
 * The words for a refused command: the relay's message, or ours when the relay was not reached.
 * @example errorText({ ok: false, code: 'NETWORK', message: 'timeout' }) // en.errors.network
 */
export function errorText(result: { code: string; message: string }): string {
  return result.code === 'NETWORK' ? en.errors.network : result.message;
}
