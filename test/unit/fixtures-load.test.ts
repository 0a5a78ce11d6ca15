import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorError } from '../../src/errors.js';
import {
  loadFixture,
  loadFixtures,
  loadShippedScenario,
  parseFixture,
  resolveReplayInput,
  resolveScenario,
} from '../../src/fixtures/load.js';
import { tempDir } from '../helpers/emulator-server.js';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('bird-fixtures-');
});
afterEach(() => dir.remove());

async function write(name: string, content: unknown): Promise<string> {
  const file = join(dir.path, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The error a promise rejects with, so its code, message and details can be checked together. */
async function failure(promise: Promise<unknown>): Promise<EmulatorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmulatorError);
  return error as EmulatorError;
}

const SMS_STEP = { event: 'sms.outbound', payload: { status: 'accepted' } };

describe('loading fixture files', () => {
  it('tells the kind of a file by its shape', async () => {
    const event = await loadFixture(await write('e.json', { service: 'channels', event: 'sms.inbound', payload: {} }));
    const set = await loadFixture(await write('s.json', { events: [] }));
    const scenario = await loadFixture(await write('c.json', { name: 'x', steps: [SMS_STEP] }));
    expect([event.kind, set.kind, scenario.kind]).toEqual(['event', 'set', 'scenario']);
    expect(scenario.kind === 'scenario' && scenario.scenario.steps[0]?.delayMs).toBe(0);
  });

  it('names the file and the path of the problem', async () => {
    const file = await write('broken.json', { name: 'broken', steps: [SMS_STEP, { event: 'sms.outbound', delayMs: -5 }] });
    const error = await failure(loadFixture(file));
    expect(error.code).toBe('ConfigurationError');
    expect(error.message).toContain(file);
    expect(error.message).toContain('.steps[1].delayMs');
    expect(Object.keys(error.details ?? {})).toEqual(['.steps[1].delayMs']);
  });

  it('reports unknown fields, missing ones and a bad service, each with its path', async () => {
    const file = await write('event.json', { service: 'sms', event: 'sms.inbound', payload: {}, extra: 1 });
    const error = await failure(loadFixture(file));
    expect(Object.keys(error.details ?? {}).sort()).toEqual(['.extra', '.service']);
    const noUrl = await failure(loadFixture(await write('set.json', { subscriptions: [{ service: 'channels', event: 'sms.inbound' }] })));
    expect(Object.keys(noUrl.details ?? {})).toEqual(['.subscriptions[0].url']);
    const subscription = { service: 'channels', event: 'sms.inbound', url: 'http://localhost:3000/hook' };
    const noWorkspace = await failure(loadFixture(await write('set2.json', { subscriptions: [subscription] })));
    expect(noWorkspace.details).toEqual({
      '.subscriptions[0].workspaceId': ['a subscription needs a workspaceId, here or at the top of the file'],
    });
  });

  it('refuses references to a later or unknown step, duplicate ids and malformed references', async () => {
    const error = await failure(
      loadFixture(
        await write('refs.json', {
          name: 'refs',
          steps: [
            { id: 'a', event: 'sms.outbound', payload: { id: '{{steps.b.payload.id}}' } },
            {
              id: 'b',
              event: 'sms.outbound',
              payload: { id: '{{steps.nope.payload.id}}', reference: 'x-{{steps.a.payload}}-{{steps.a.wrong}}' },
            },
            { id: 'a', event: 'sms.outbound' },
          ],
        }),
      ),
    );
    const details = error.details ?? {};
    expect(details['.steps[0].payload.id']?.[0]).toContain('not an earlier step');
    expect(details['.steps[1].payload.id']?.[0]).toContain('no step has that id');
    expect(details['.steps[1].payload.reference']?.[0]).toContain('{{steps.a.wrong}}');
    expect(details['.steps[2].id']?.[0]).toContain('used twice');
  });

  it('leaves other double braces alone (a WhatsApp template variable is not a reference)', async () => {
    const file = await write('braces.json', {
      name: 'b',
      steps: [{ event: 'whatsapp.outbound', payload: { body: { text: { text: 'Hi {{1}}' } } } }],
    });
    await expect(loadFixture(file)).resolves.toMatchObject({ kind: 'scenario' });
  });

  it('says when a file is not JSON, or not a fixture at all', async () => {
    const notJson = await failure(loadFixture(await write('bad.json', '{ nope')));
    expect(notJson.message).toMatch(/bad\.json: not valid JSON/);
    const other = await failure(loadFixture(await write('other.json', { hello: 'world' })));
    expect(other.message).toMatch(/other\.json: expected an event fixture/);
    const missing = await failure(loadFixture(join(dir.path, 'missing.json')));
    expect(missing.message).toContain('missing.json');
  });

  it('loads the .json files directly in a folder, sorted, and refuses kinds not asked for', async () => {
    await mkdir(join(dir.path, 'nested'));
    await write('nested/ignored.json', { events: [] });
    await write('b.json', { service: 'channels', event: 'sms.inbound', payload: {} });
    await write('a.json', { events: [{ service: 'channels', event: 'sms.outbound', payload: {} }] });
    await write('notes.txt', 'not a fixture');
    const loaded = await loadFixtures(dir.path);
    expect(loaded.map((f) => f.file.slice(dir.path.length + 1))).toEqual(['a.json', 'b.json']);
    await write('c.json', { name: 'c', steps: [SMS_STEP] });
    const error = await failure(loadFixtures(dir.path, ['event', 'set']));
    expect(error.message).toMatch(/c\.json: expected an event fixture \{service, event, payload\} or \{type, data\}, or a fixture set/);
  });

  it('validates objects given to the library with InvalidPayload and the path', () => {
    let error: unknown;
    try {
      parseFixture({ name: 'x', steps: [] }, { source: 'The request body', code: 'InvalidPayload', prefix: '.body' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'InvalidPayload', details: { '.body.steps': [expect.any(String)] } });
  });
});

describe('resolving what runScenario() and replay() are given', () => {
  it('takes a shipped scenario by name, a file path or an object', async () => {
    expect((await resolveScenario('sms-delivered')).steps).toHaveLength(3);
    const file = await write('mine.json', { name: 'mine', steps: [SMS_STEP] });
    expect((await resolveScenario(file)).name).toBe('mine');
    expect((await resolveScenario({ name: 'inline', steps: [SMS_STEP] })).steps[0]?.delayMs).toBe(0);
    await expect(resolveScenario('no-such-scenario')).rejects.toMatchObject({ code: 'NotFound' });
    // A name is only ever a file name inside fixtures/scenarios.
    await expect(loadShippedScenario('../seed')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('takes a file, a folder, one fixture, a list or a fixture set, keeping the set scope', async () => {
    const event = { service: 'channels' as const, event: 'sms.inbound', payload: { id: 'x' } };
    expect((await resolveReplayInput(event)).events).toEqual([event]);
    expect((await resolveReplayInput([event, event])).events).toHaveLength(2);
    const ws = 'B4E02C85-C6D2-4B15-8885-E09671799C61';
    const set = await resolveReplayInput({ workspaceId: ws, events: [event] });
    expect(set).toEqual({ events: [event], workspaceId: ws.toLowerCase(), organizationId: undefined });
    expect((await resolveReplayInput(await write('one.json', event))).events).toEqual([event]);
    const setFile = await resolveReplayInput(await write('set.json', { workspaceId: ws, events: [event, event] }));
    expect(setFile).toMatchObject({ workspaceId: ws.toLowerCase(), events: [event, event] });
    await expect(resolveReplayInput([event, { event: 'x' } as never])).rejects.toMatchObject({
      code: 'InvalidPayload',
      details: { '[1].service': [expect.any(String)], '[1].payload': [expect.any(String)] },
    });
  });
});
