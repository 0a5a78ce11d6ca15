import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `.ci/install-browser`; `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launches headless Chromium with a fresh temporary profile. Throws (never skips) when the browser
 * is missing: CI installs it, so its absence is a broken machine, not an optional test.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The dashboard's browser test needs it: run .ci/install-browser ` +
        '(apt-get install chromium), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No background traffic: the machine has no internet, and the test must not depend on it.
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

/** What a page did wrong while the test ran: uncaught errors, console errors, failed requests, requests to other origins. */
export interface PageProblems {
  errors: string[];
  foreignRequests: string[];
}

/** Records a page's uncaught errors, `console.error` calls, failed requests and requests that leave `origin`. */
export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = { errors: [], foreignRequests: [] };
  const wsOrigin = origin.replace(/^http/, 'ws');
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx answer the page expected (a 422 it shows) is logged by Chromium too: not a fault.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      problems.errors.push(`console: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => problems.errors.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.foreignRequests.push(url);
  });
  page.on('websocket', (socket) => {
    if (!socket.url().startsWith(wsOrigin)) problems.foreignRequests.push(socket.url());
  });
  return problems;
}
