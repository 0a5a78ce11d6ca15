import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage, type PageProblems } from '../helpers/browser.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { listen, type RunningServer } from '../../src/server/listen.js';

/**
 * The dashboard's outbox in headless Chromium: a message sent through Bird's send route appears
 * live, its lifecycle and the webhooks it caused fill in, and its HTML renders in a frame that runs
 * no script, reaches no other origin and cannot touch the page, beside its text part.
 */
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const KEY = 'bk_us1_outbox';
/** A hostile e-mail: a script, a remote image, styles; its subject holds markup the page must show as text. */
const HTML = [
  '<style>p.lead { color: rgb(200, 0, 0); }</style>',
  '<p class="lead" id="lead" style="font-size: 31px">Welcome aboard</p>',
  '<script>document.body.dataset.ran = "yes"; window.parent.document.body.dataset.pwned = "yes";</script>',
  '<img id="remote" src="http://127.0.0.1:9/track.png" alt="">',
  '<a href="https://acme.test/start">Get started</a>',
].join('');
const SUBJECT = 'Welcome <img id=injected src=x>';

let emulator: Emulator;
let server: RunningServer;
let receiver: Receiver;
let browser: Browser | undefined;
let page: Page;
let problems: PageProblems;
let messageId: string;

const v1 = (path: string, body?: unknown) =>
  fetch(`${server.url}/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  receiver = await createReceiver();
  emulator = await createEmulator({ storage: 'memory', retrySchedule: [50], attemptTimeoutMs: 1_000 });
  server = await listen(emulator.app, { port: 0, host: '127.0.0.1', directRoutes: emulator.directRoutes, live: emulator.live });
  const endpoint = await v1('/webhooks', {
    url: `${receiver.url}/hooks`,
    events: ['email.accepted', 'email.processed', 'email.delivered', 'email.bounced'],
  });
  expect(endpoint.status).toBe(201);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
  problems = watchPage(page, server.url);
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([emulator?.close(), receiver?.close()]);
});

describe('the dashboard’s outbox in headless Chromium', () => {
  it('shows a message sent through the API live, without a reload', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#outbox-empty').isVisible()).toBe(true);

    const sent = await v1('/email/messages', {
      from: 'Acme <hello@acme.test>',
      to: ['delivered@messagebird.dev', 'bounce@messagebird.dev'],
      subject: SUBJECT,
      html: HTML,
      text: 'Welcome aboard. Get started: https://acme.test/start',
    });
    expect(sent.status).toBe(202);
    messageId = ((await sent.json()) as { id: string }).id;
    const row = page.locator(`#outbox-body tr[data-id="${messageId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000, interval: 50 }).toBe('partial_failure');
    expect(await row.locator('td.steps').textContent()).toBe('6/6');
    expect(await row.textContent()).toContain(SUBJECT);
    expect(await page.locator('#injected').count()).toBe(0);
  });

  it('opens the message: recipients, the lifecycle fired, and the webhooks it caused', async () => {
    await page.locator(`#outbox-body tr[data-id="${messageId}"]`).click();
    await page.locator('#message-timeline').waitFor();
    expect(await page.locator('#message-recipients tr[data-address="bounce@messagebird.dev"]').textContent()).toContain('bounced');
    await expect.poll(() => page.locator('#message-timeline tr[data-fired="yes"]').count(), { timeout: 10_000, interval: 50 }).toBe(6);
    expect(await page.locator('#message-timeline tr[data-event="email.bounced"]').textContent()).toContain('bounce@messagebird.dev');
    await expect.poll(() => page.locator('#message-webhooks tbody tr').count(), { timeout: 10_000, interval: 50 }).toBe(6);

    // A webhook opens in the delivery detail.
    const bounce = emulator.history.deliveries().find((d) => d.event === 'email.bounced');
    await page.locator(`#message-webhooks tr[data-id="${bounce?.id}"] button`).click();
    await page.locator('#detail-request-body').waitFor();
    expect(await page.locator('#detail-request-body').textContent()).toContain('"bounce_type": "hard"');
  });

  it('renders the HTML styled in a sandboxed frame that runs no script and loads nothing remote, beside the text part', async () => {
    const frameElement = page.locator('#message-html');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    const frame = await (await frameElement.elementHandle())?.contentFrame();
    expect(frame).toBeTruthy();
    await frame?.locator('#lead').waitFor();
    // Runs in the page, where the DOM's globals are (this file is type-checked against Node's).
    const style = await frame?.locator('#lead').evaluate((el) => {
      const computed = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; fontSize: string } }).getComputedStyle(
        el,
      );
      return [computed.color, computed.fontSize];
    });
    expect(style).toEqual(['rgb(200, 0, 0)', '31px']);
    expect(await frame?.locator('body').getAttribute('data-ran')).toBeNull();
    expect(await page.locator('body').getAttribute('data-pwned')).toBeNull();
    // The remote image was refused by the frame's own policy: no request left for it.
    expect(await frame?.locator('#remote').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(0);
    expect(await page.locator('#message-text').textContent()).toBe('Welcome aboard. Get started: https://acme.test/start');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard-outbox.png`, fullPage: true });
  });

  it('empties the outbox when the emulator is reset', async () => {
    expect((await fetch(`${server.url}/_emulator/reset`, { method: 'POST' })).status).toBeLessThan(300);
    await expect.poll(() => page.locator('#outbox-body tr').count(), { timeout: 10_000, interval: 50 }).toBe(0);
    expect(await page.locator('#message-detail').isHidden()).toBe(true);
  });

  it('raised no script error and reached no other origin: the e-mail’s remote image was refused by the frame’s policy', () => {
    const remote = 'http://127.0.0.1:9/track.png';
    // Chromium reports the refused image as a request that failed with `csp`, before it leaves the browser.
    expect(problems.errors).toContain(`requestfailed: ${remote} csp`);
    expect(problems.foreignRequests.filter((url) => url !== remote)).toEqual([]);
    // The frame's refusals (of the e-mail's script and image) are its policy at work, not faults of the page.
    const faults = problems.errors.filter(
      (error) => error !== `requestfailed: ${remote} csp` && !/Content Security Policy|sandboxed/.test(error),
    );
    expect(faults).toEqual([]);
  });
});
