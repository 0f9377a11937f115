// Screenshots of the main pages for the README. They are written to docs/screenshots/ only when asked
// (UPDATE_SCREENSHOTS=1), so an ordinary test run does not rewrite committed images with new timestamps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../harness/server.js';

const target =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-screenshots-'));

/** Saves the viewport (1280×800) as `<name>.png`, after fonts and pending animations settle. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(target, { recursive: true });
  const file = path.join(target, `${name}.png`);
  await page.evaluate('document.fonts.ready');
  await page.mouse.move(0, 799);
  await page.waitForTimeout(150);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
