// Chromium for the browser tests: Debian's package driven by playwright-core (never a downloaded
// browser), with the flags that work on these machines (shared/protocol/real-clients.md).
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the suite can run; when not, it says so loudly once per file. */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  console.warn(
    `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: ${CHROMIUM_PATH} is missing. Install it with:\n!!     apt-get install -y chromium\n!! (.ci/run does this before npm test)\n${'!'.repeat(78)}\n`,
  );
  return false;
}

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that a test should fail on: uncaught errors and dialogs (alert/confirm/prompt). */
export interface PageWatch {
  errors: string[];
  dialogs: string[];
}

/** A 1280×800 page in a fresh context that records page errors and dismisses (and records) dialogs. */
export async function openPage(browser: Browser): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const watch: PageWatch = { errors: [], dialogs: [] };
  page.on('pageerror', (err) => watch.errors.push(String(err)));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, watch };
}
