import { defineConfig } from 'vite';

// React's automatic JSX runtime (Vite's built-in transform, no plugin needed for a build), and
// relative asset URLs so the built app works from any folder.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
});
