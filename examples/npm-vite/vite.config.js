import { defineConfig } from 'vite';

// Relative asset URLs, so the built app works from any folder (the smoke test serves it from one).
export default defineConfig({ base: './' });
