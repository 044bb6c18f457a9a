// Headless Chromium (Debian's `chromium` package) driven by puppeteer-core, for the status page's
// test and its README screenshot. Nothing is downloaded: the browser must be installed.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why a browser test cannot run here, or false when it can. */
export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (install Debian's chromium package; .ci/run does)`;
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    // headless: true is Chromium's --headless=new; a container gives no user namespace for the sandbox.
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Submits `token` in the page's token form, once the form is shown. */
export async function enterToken(page: Page, token: string): Promise<void> {
  await page.waitForSelector('#token-form', { visible: true });
  await page.type('#token-input', token);
  await page.click('#token-form button[type="submit"]');
}
