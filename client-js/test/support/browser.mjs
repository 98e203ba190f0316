// Debian's Chromium driven by playwright-core (no browser download), with the flags this
// machine needs (shared/registry.md). Each context is its own Chromium with a fresh profile
// directory (Playwright takes --user-data-dir only through launchPersistentContext).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A browser context with a fresh profile; `close()` ends it and deletes the profile. */
export async function launchContext({ viewport = { width: 1280, height: 900 } } = {}) {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  const profile = mkdtempSync(path.join(tmpdir(), 'feed-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport,
  });
  const errors = [];
  context.on('weberror', (error) => errors.push(String(error.error())));
  return {
    context,
    page: context.pages()[0] ?? await context.newPage(),
    /** Uncaught errors thrown by the pages' scripts. */
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
