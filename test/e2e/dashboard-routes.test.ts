import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../src/api/control/dashboard.js';
import { BIRD, ORG, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

const OTHER_WS = '2f0c7a2e-9d1b-4c3a-8e5f-6a7b8c9d0e1f';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

const get = (path: string) => fetch(`${emu.url}${path}`);

/** The headers the page and each of its files are served with. */
function expectPageHeaders(response: Response, what: string) {
  expect(response.headers.get('content-security-policy'), what).toBe(DASHBOARD_CSP);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(response.headers.get('cache-control'), what).toBe('no-cache');
}

describe('GET / (the dashboard)', () => {
  it('answers HTML under a strict Content-Security-Policy, with no inline script or style', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<script type="module" src="/_emulator/dashboard/main.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/_emulator/dashboard/style.css">');
    // Under this CSP an inline block would not run: everything must come from the served files.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    // Nothing from another host: the page works offline.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the script modules and the style sheet it names, same policy, no external URL', async () => {
    // Every module the entry reaches, through its static imports: each must be served beside it.
    const modules = new Map<string, string>();
    const pending = ['/_emulator/dashboard/main.js'];
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      if (modules.has(path)) continue;
      const script = await get(path);
      expect(script.status, path).toBe(200);
      expect(script.headers.get('content-type'), path).toBe('text/javascript; charset=utf-8');
      expectPageHeaders(script, path);
      const source = await script.text();
      modules.set(path, source);
      for (const [, specifier] of source.matchAll(/^import [^;]*?from '([^']+)';$/gm)) {
        // Only the files beside it: nothing from another origin, nothing the server does not serve.
        expect(specifier, `${path} imports ${specifier}`).toMatch(/^\.\/[a-z-]+\.js$/);
        pending.push(new URL(specifier as string, `http://dashboard${path}`).pathname);
      }
    }
    expect([...modules.keys()].sort()).toEqual(
      expect.arrayContaining(['/_emulator/dashboard/main.js', '/_emulator/dashboard/live.js', '/_emulator/dashboard/detail.js']),
    );
    for (const [path, source] of modules) {
      // Untrusted text is rendered without an HTML parser.
      expect(source, path).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
      expect(source, path).not.toMatch(/https?:\/\//);
    }
    expect([...modules.values()].join('\n')).toContain('/_emulator/ws');

    const style = await get('/_emulator/dashboard/style.css');
    expect(style.status).toBe(200);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expectPageHeaders(style, 'style.css');
    const css = await style.text();
    expect(css).toContain('.pill-green');
    expect(css).not.toMatch(/url\(|@import|https?:\/\//);
  });

  it('answers a JSON 404 for any other file name, the tsconfig of the browser code included', async () => {
    for (const name of ['tsconfig.json', 'missing.js', '..%2Fdashboard-assets.ts', '%2e%2e%2fdashboard.ts']) {
      const response = await get(`/_emulator/dashboard/${name}`);
      expect(response.status, name).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('NotFound');
    }
  });

  it('refuses other methods with a JSON 405', async () => {
    const response = await fetch(`${emu.url}/`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(((await response.json()) as { code: string }).code).toBe('MethodNotAllowed');
  });
});

describe('GET /_emulator/subscriptions', () => {
  it('lists the subscriptions of every workspace, oldest first, as Bird shapes them', async () => {
    const first = await emu.subscribe({ service: 'channels', event: 'sms.outbound', url: 'https://example.com/a' });
    const second = await emu.subscribe(
      { service: 'numbers', event: '10dlc.brand', url: 'https://example.com/b' },
      `/organizations/${ORG}/workspaces/${OTHER_WS}`,
    );
    const { status, body } = await emu.api.get('/_emulator/subscriptions');
    expect(status).toBe(200);
    expect(body.results.map((s: { id: string }) => s.id)).toEqual([first.id, second.id]);
    expect(body.results[1]).toEqual(second);
    expect(body.results[1].workspaceId).toBe(OTHER_WS);

    // Bird's own list is per workspace: the control route is the only one that sees both.
    const bird = await emu.api.get(`${BIRD}/webhook-subscriptions`);
    expect(bird.body.results.map((s: { id: string }) => s.id)).toEqual([first.id]);
  });

  it('refuses other methods', async () => {
    expect((await emu.api.post('/_emulator/subscriptions', {})).status).toBe(405);
  });
});
