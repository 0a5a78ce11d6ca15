import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStepFired, type SentMessage } from '../../src/domain/message.js';
import { MESSAGES_FILE, openMessageStore } from '../../src/store/message-store.js';

/** A two-step message: accepted at once, delivered 200 ms later. */
function message(id: string, createdAt = '2025-01-01T00:00:00.000Z'): SentMessage {
  const step = (at: string, event: string, status: string) => ({
    at,
    recipient: 0,
    event,
    status,
    messageStatus: status,
    payload: { sms_id: id },
  });
  return {
    id,
    api: 'platform',
    channel: 'sms',
    workspaceId: 'ws_01jgfjjz00rn5t41r3vn69p58y',
    status: 'accepted',
    recipients: [{ id, address: '+31612345678', outcome: 'delivered', status: 'accepted' }],
    content: { text: 'hi' },
    request: { to: '+31612345678' },
    steps: [step(createdAt, 'sms.accepted', 'accepted'), step('2025-01-01T00:00:00.200Z', 'sms.delivered', 'delivered')],
    createdAt,
    updatedAt: createdAt,
  };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'messages-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the message store', () => {
  it('keeps every message and every fired step across a restart, the lifecycle where it stopped', async () => {
    const store = await openMessageStore({ storage: { kind: 'file', dataDir }, limit: 100 });
    store.add(message('sms_a'));
    store.add(message('sms_b'));
    const fired = store.stepFired('sms_a', 0, { firedAt: '2025-01-01T00:00:00.000Z', eventId: 'whe_1' });
    expect(fired).toMatchObject({ status: 'accepted', steps: [{ eventId: 'whe_1' }, {}] });
    store.stepFired('sms_a', 1, { firedAt: '2025-01-01T00:00:00.200Z', eventId: 'whe_2' });
    await store.close();

    const reopened = await openMessageStore({ storage: { kind: 'file', dataDir }, limit: 100 });
    expect(reopened.list().map((m) => m.id)).toEqual(['sms_b', 'sms_a']);
    expect(reopened.get('sms_a')).toMatchObject({ status: 'delivered', recipients: [{ status: 'delivered' }] });
    expect(reopened.unfinished().map((m) => m.id)).toEqual(['sms_b']);
    await reopened.close();
  });

  it('records a step that could not fire, without moving the statuses', () => {
    const after = withStepFired(message('sms_c'), 1, { firedAt: '2025-01-01T00:00:00.200Z', error: 'refused' });
    expect(after).toMatchObject({ status: 'accepted', recipients: [{ status: 'accepted' }], steps: [{}, { error: 'refused' }] });
    // A step fires once.
    expect(withStepFired(after, 1, { firedAt: 'later', eventId: 'x' })).toBe(after);
  });

  it('drops the oldest finished messages beyond its limit, never one whose lifecycle still runs', async () => {
    const store = await openMessageStore({ storage: { kind: 'memory' }, limit: 2 });
    store.add(message('running'));
    for (const id of ['done1', 'done2', 'done3']) {
      store.add(message(id));
      store.stepFired(id, 0, { firedAt: 't' });
      store.stepFired(id, 1, { firedAt: 't' });
    }
    expect(store.list().map((m) => m.id)).toEqual(['done3', 'running']);
  });

  it('refuses a journal line it cannot read, naming the file and line, and never overwrites it', async () => {
    const path = join(dataDir, MESSAGES_FILE);
    await writeFile(path, `${JSON.stringify({ t: 'message', v: message('sms_a') })}\n{"t":"message","v":{"id":1}}\n`);
    await expect(openMessageStore({ storage: { kind: 'file', dataDir }, limit: 10 })).rejects.toMatchObject({
      code: 'ConfigurationError',
      message: expect.stringContaining(`${MESSAGES_FILE} line 2`),
    });
    expect(await readFile(path, 'utf8')).toContain('"id":1');
  });

  it('empties itself and its file on clear', async () => {
    const store = await openMessageStore({ storage: { kind: 'file', dataDir }, limit: 10 });
    store.add(message('sms_a'));
    await store.clear();
    await store.close();
    const reopened = await openMessageStore({ storage: { kind: 'file', dataDir }, limit: 10 });
    expect(reopened.list()).toEqual([]);
    await reopened.close();
  });
});
