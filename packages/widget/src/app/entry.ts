/**
 * The app entry the loader imports (`dist/widget/entry-<hash>.js`). It only re-exports: importing
 * it has no side effects.
 */
export { createHost } from './host.js';
export { createWidget, mount } from './mount.js';
