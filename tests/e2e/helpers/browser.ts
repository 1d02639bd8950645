import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Where e2e tests leave their screenshots (git-ignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * Debian's Chromium, headless. The flags keep it off the network this machine does not have
 * (background services, component updates) and run it as root without a sandbox.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Host pages fulfilled by request interception have no IP address space, so Chromium would
      // treat them as public and block their WebSocket to the loopback relay (a real site and its
      // relay are in the same address space). The widget falls back to polling either way.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}
