/**
 * The app entry the loader imports (`dist/widget/entry-<hash>.js`). It only re-exports: importing
 * it has no side effects.
 */
export { mount } from './mount.js';
