import { type Catalog, en } from './en.js';

/** Placeholder until translated: English. */
export const es: Catalog = { ...en };
