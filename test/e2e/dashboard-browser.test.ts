import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage, type PageProblems } from '../helpers/browser.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { api, BIRD, WS, type Api } from '../helpers/emulator-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const SCREENSHOT = `${ARTIFACTS}dashboard.png`;
/** A payload field the page must show as text, never as markup. */
const MARKUP = '<img id=injected src=x>';

let receiver: Receiver;
/** Answers every request with a 500, so its deliveries retry and fail. */
let failing: Receiver;
let emulator: Emulator;
let server: RunningServer;
let client: Api;
let browser: Browser | undefined;
let page: Page;
let problems: PageProblems;
let subscription: { id: string; url: string };

beforeAll(async () => {
  receiver = await createReceiver();
  failing = await createReceiver({ fallback: { status: 500, body: '{"error":"boom"}', headers: { 'content-type': 'application/json' } } });
  emulator = await createEmulator({ storage: 'memory', retrySchedule: [50, 100], attemptTimeoutMs: 1_000 });
  // The real server, WebSocket included, exactly as the CLI serves it.
  server = await listen(emulator.app, { port: 0, host: '127.0.0.1', directRoutes: emulator.directRoutes, live: emulator.live });
  client = api(server.url);
  const created = await client.post(`${BIRD}/webhook-subscriptions`, {
    service: 'channels',
    event: 'sms.outbound',
    url: `${receiver.url}/hooks/sms`,
    signingKey: 'k',
  });
  expect(created.status).toBe(201);
  subscription = created.body;
  const broken = await client.post(`${BIRD}/webhook-subscriptions`, {
    service: 'channels',
    event: 'sms.inbound',
    url: `${failing.url}/broken`,
  });
  expect(broken.status).toBe(201);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  problems = watchPage(page, server.url);
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([emulator?.close(), receiver?.close(), failing?.close()]);
});

const row = (id: string) => page.locator(`#deliveries-body tr[data-id="${id}"]`);

/** Waits until the list holds `count` rows, none of them still pending. */
async function waitForSettledRows(count: number): Promise<void> {
  const counts = async () => [
    await page.locator('#deliveries-body tr').count(),
    await page.locator('#deliveries-body tr[data-status="pending"]').count(),
  ];
  await expect.poll(counts, { timeout: 10_000, interval: 50 }).toEqual([count, 0]);
}

async function chooseEvent(service: string, name: string): Promise<void> {
  const value = await page.locator(`#fire-event optgroup[label="${service}"] option`, { hasText: name }).first().getAttribute('value');
  await page.selectOption('#fire-event', value as string);
}

describe('the dashboard in headless Chromium', () => {
  it('loads offline and shows the subscription made beforehand, then goes live over the WebSocket', async () => {
    await page.goto(`${server.url}/`);
    const item = page.locator(`#subscriptions li[data-id="${subscription.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(subscription.url);
    expect(await item.textContent()).toContain('sms.outbound');
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#fire-event option').count()).toBeGreaterThan(10);
  });

  it('shows a 422 from the fire form with its field details', async () => {
    await chooseEvent('channels', 'sms.outbound');
    await page.fill('#fire-payload', '{"status": 42}');
    await page.click('#fire-submit');
    const result = page.locator('#fire-result.error');
    await result.waitFor();
    expect(await result.textContent()).toContain('InvalidPayload (422)');
    expect(await result.locator('li code').first().textContent()).toBe('.body.payload.status');

    await page.fill('#fire-payload', '{not json');
    await page.click('#fire-submit');
    await page.locator('#fire-result.error', { hasText: 'not valid JSON' }).waitFor();
    expect(emulator.history.events()).toHaveLength(0);
  });

  it('fires an event from the form and the delivery appears live, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await page.fill('#fire-payload', JSON.stringify({ reference: MARKUP }, null, 2));
    await page.click('#fire-submit');
    await page.locator('#fire-result.ok').waitFor();

    await waitForSettledRows(1);
    const [delivery] = emulator.history.deliveries();
    expect(delivery?.status).toBe('succeeded');
    const listed = row(delivery?.id as string);
    expect(await listed.getAttribute('data-status')).toBe('succeeded');
    expect(await listed.locator('td.attempts').textContent()).toBe(`1/${delivery?.maxAttempts}`);
    expect(await listed.locator('td.http').textContent()).toBe('200');
    expect(await listed.textContent()).toContain(subscription.url);
    expect(navigations).toEqual([]);
  });

  it('adds a delivery fired from outside the page and updates it in place as it retries and fails', async () => {
    const fired = await client.post('/_emulator/events', { event: 'sms.inbound', workspaceId: WS });
    expect(fired.status).toBe(201);
    const id = fired.body.deliveries[0].id as string;
    await row(id).waitFor({ timeout: 10_000 });
    await waitForSettledRows(2);
    const delivery = emulator.history.getDelivery(id);
    expect(delivery?.status).toBe('failed');
    expect(await row(id).getAttribute('data-status')).toBe('failed');
    expect(await row(id).locator('td.attempts').textContent()).toBe(`3/${delivery?.maxAttempts}`);
    expect(await row(id).locator('td.http').textContent()).toBe('500');
    expect(await page.locator('#deliveries-count').textContent()).toBe('2');
  });

  it('opens the detail of a delivery: request body pretty-printed, each attempt with its status', async () => {
    const first = emulator.history.deliveries().find((d) => d.request.body.includes('injected'));
    await row(first?.id as string).click();
    const body = page.locator('#detail-request-body');
    await body.waitFor();
    const text = (await body.textContent()) as string;
    expect(JSON.parse(text)).toEqual(JSON.parse(first?.request.body as string));
    expect(text).toContain('\n  ');
    expect(text).toContain(MARKUP);
    // The payload is shown as text: no element was made from it.
    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.locator('#detail-body').textContent()).toContain('messagebird-signature');
    const attempt = page.locator('#detail-attempts .attempt[data-attempt="1"]');
    expect(await attempt.locator('.attempt-status').textContent()).toBe('200');
    expect(await attempt.textContent()).toContain('succeeded');
    expect(await page.locator(`#deliveries-body tr.selected`).getAttribute('data-id')).toBe(first?.id);

    // A settled delivery is not polled: the detail reloads only when a frame changes it.
    const reloads: string[] = [];
    const onRequest = (request: Request) => request.url().includes('/_emulator/deliveries') && reloads.push(request.url());
    page.on('request', onRequest);
    await page.waitForTimeout(600);
    page.off('request', onRequest);
    expect(reloads).toEqual([]);
  });

  it('redelivers from the detail: a new delivery appears live', async () => {
    const requestsBefore = receiver.requests.length;
    await page.click('#redeliver');
    await page.locator('#detail-result.ok', { hasText: 'Redelivered as' }).waitFor();
    await waitForSettledRows(3);
    const copy = emulator.history.deliveries().find((d) => d.redeliveryOf !== undefined);
    expect(copy?.status).toBe('succeeded');
    expect(await row(copy?.id as string).getAttribute('data-status')).toBe('succeeded');
    expect(receiver.requests.length).toBe(requestsBefore + 1);
    expect(await page.locator('#detail-result button').textContent()).toBe(copy?.id);
    expect(await page.locator('main').textContent()).not.toContain('[object');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('lists a platform API endpoint with its secret masked, and its Standard Webhooks delivery live', async () => {
    const key = { authorization: 'Bearer bk_us1_dashboard', 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/v1/webhooks`, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ url: `${receiver.url}/platform`, events: ['email.delivered'] }),
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    const item = page.locator(`#subscriptions li[data-id="${endpoint.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    const listed = (await item.textContent()) as string;
    expect(listed).toContain('email.delivered');
    expect(listed).toContain(`${endpoint.secret.slice(0, 'whsec_'.length + 4)}…`);
    expect(listed).not.toContain(endpoint.secret);

    const workspace = (await (await fetch(`${server.url}/v1/workspace`, { headers: key })).json()) as { id: string };
    const fired = await client.post('/_emulator/events', { event: 'email.delivered', workspaceId: workspace.id });
    expect(fired.status).toBe(201);
    const id = fired.body.deliveries[0].id as string;
    await row(id).waitFor({ timeout: 10_000 });
    await expect.poll(() => row(id).getAttribute('data-status'), { timeout: 10_000, interval: 50 }).toBe('succeeded');
    await row(id).click();
    await page.locator('#detail-request-body').waitFor();
    await expect.poll(() => page.locator('#detail-body').textContent(), { timeout: 5_000 }).toContain('webhook-id');
    expect(await page.locator('main').textContent()).not.toContain(endpoint.secret);
  });

  it('shows a running load test in the header, then its final line', async () => {
    const status = page.locator('#loadtest');
    expect(await status.isHidden()).toBe(true);
    // 2 s at 10/s: long enough to be seen running, with a progress frame after a second.
    const running = emulator.loadTest({ event: 'sms.outbound', rate: 10, duration: 2 });
    await page.locator('#loadtest[data-status="running"]').waitFor({ timeout: 5_000 });
    expect(await status.textContent()).toContain('load test sms.outbound running');
    expect(await status.getAttribute('class')).toContain('pill-amber');
    const report = await running;
    expect(report.deliveries.succeeded).toBe(20);
    await page.locator('#loadtest[data-status="finished"]').waitFor({ timeout: 10_000 });
    const line = (await status.textContent()) as string;
    expect(line).toContain('load test sms.outbound finished');
    expect(line).toContain('20 fired');
    expect(line).toContain('20/20 delivered (0 failed)');
    expect(await status.getAttribute('class')).toContain('pill-green');
    // The first event of the run is its recorded sample: its delivery is listed like any other.
    await waitForSettledRows(5);
  });

  it('reconnects with backoff when the server goes away, and catches up on what it missed (?since=)', async () => {
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const port = server.port;
    await server.close();
    await page.locator('#connection[data-state="offline"]').waitFor({ timeout: 10_000 });

    // Fired in-process while nothing listens: the page can only learn of it after reconnecting.
    const missed = await emulator.app.request('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'sms.outbound', workspaceId: WS }),
    });
    expect(missed.status).toBe(201);
    const id = ((await missed.json()) as { deliveries: { id: string }[] }).deliveries[0]?.id as string;

    server = await listen(emulator.app, { port, host: '127.0.0.1', directRoutes: emulator.directRoutes, live: emulator.live });
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 20_000 });
    await row(id).waitFor({ timeout: 10_000 });
    await waitForSettledRows(6);
    expect(sockets.at(-1)).toMatch(/\/_emulator\/ws\?since=\d+$/);
    // The browser logs each refused attempt; those are the outage itself, not a fault of the page.
    problems.errors = problems.errors.filter((error) => !/WebSocket connection to .* failed/.test(error));
  }, 40_000);

  it('empties itself, without a reload, when the emulator is reset', async () => {
    expect(await page.locator('#deliveries-body tr').count()).toBeGreaterThan(0);
    expect((await client.post('/_emulator/reset', {})).status).toBeLessThan(300);
    await expect.poll(() => page.locator('#deliveries-body tr').count(), { timeout: 10_000, interval: 50 }).toBe(0);
    expect(await page.locator('#deliveries-count').textContent()).toBe('0');
    expect(await page.locator('#subscriptions li[data-id]').count()).toBe(0);
    expect(await page.locator('#loadtest').isHidden()).toBe(true);
  });

  it('raised no script error and reached no other origin', () => {
    expect(problems.errors).toEqual([]);
    expect(problems.foreignRequests).toEqual([]);
  });
});
