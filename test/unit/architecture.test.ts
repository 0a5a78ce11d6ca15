import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, layerViolations, sourceFiles } from '../helpers/architecture.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const files = sourceFiles(SRC);

describe('architecture', () => {
  it('has no import that points up the layers (STYLE.md: dependencies point inward)', () => {
    expect(layerViolations(SRC)).toEqual([]);
  });

  it('fails on a back-pointing import: the check itself is checked', () => {
    // A sample tree whose delivery/ imports api/: the pipeline reaching up to the HTTP app.
    const sample = fileURLToPath(new URL('./architecture-sample/src', import.meta.url));
    expect(layerViolations(sample)).toEqual([
      expect.stringMatching(
        /^delivery\/pipeline\.ts imports api\/app\.ts: delivery\/.* \(layer \d+\) may not import api\/.* \(layer \d+\)/,
      ),
    ]);
  });

  it('keeps one Bird API from importing another: each dialect is a folder of its own', () => {
    for (const file of files.filter((f) => f.startsWith('apis/'))) {
      const own = file.split('/')[1];
      for (const target of importsOf(SRC, file).filter((t) => t.startsWith('apis/') && t.split('/').length > 2)) {
        expect(target.split('/')[1], `${file} imports ${target}: a dialect may use the shared seam, not another dialect`).toBe(own);
      }
    }
  });

  it('imports zod as a namespace, so the bundled CLI carries only the zod it uses', () => {
    // esbuild drops unused exports only through `import * as z`.
    for (const file of files) {
      const text = readFileSync(`${SRC}/${file}`, 'utf8');
      expect(/^import \{[^}]*\} from 'zod'/m.test(text), `${file}: write import * as z from 'zod'`).toBe(false);
    }
  });

  it('keeps Hono out of the core: only http/, api/, server/, a dialect’s routes and the composition root speak HTTP', () => {
    const http = /^(http|api|server)\/|^apis\/(api-dialect\.ts|[^/]+\/(dialect\.ts|routes\/))|^emulator\.ts$/;
    for (const file of files.filter((f) => !http.test(f))) {
      for (const specifier of packageImportsOf(file)) {
        expect(/^(hono|@hono\/|ws$)/.test(specifier), `${file} imports ${specifier}: the core knows no HTTP server`).toBe(false);
      }
    }
  });

  it('keeps the process out of everything but cli/ (and build/, a script of its own that npm runs)', () => {
    for (const file of files.filter((f) => !/^(cli|build)\//.test(f))) {
      const text = readFileSync(`${SRC}/${file}`, 'utf8');
      expect(/process\.(exit|argv|stdout|stderr)/.test(text), `${file} touches the process: only cli/ may`).toBe(false);
    }
  });

  it('lets the dashboard’s browser modules load only each other, and borrow only types of views/ and domain/', () => {
    const dashboard = 'live/dashboard';
    const modules = readdirSync(`${SRC}/${dashboard}`).filter((name) => name.endsWith('.js'));
    expect(modules).toContain('main.js');
    for (const name of modules) {
      const text = readFileSync(`${SRC}/${dashboard}/${name}`, 'utf8');
      // The browser fetches each import from /_emulator/dashboard/, where only this folder is served.
      for (const [, specifier] of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        expect(specifier, `${dashboard}/${name} imports ${specifier}: the browser can load only the files beside it`).toMatch(
          /^\.\/[a-z-]+\.js$/,
        );
      }
      // JSDoc imports are types only; Node-typed modules would not even check against the DOM lib.
      for (const [, specifier] of text.matchAll(/@import \{[^}]*\} from '([^']+)'/g)) {
        const target = relative(SRC, resolve(SRC, dashboard, specifier as string));
        expect(
          /^(views|domain)\//.test(target) || /^\.\/[a-z-]+\.js$/.test(specifier as string),
          `${dashboard}/${name} takes types from ${target}: only views/ and domain/ hold the shapes the server sends`,
        ).toBe(true);
      }
    }
  });

  it('lets only server/ import @hono/node-server and ws', () => {
    for (const file of files.filter((f) => !f.startsWith('server/'))) {
      for (const specifier of packageImportsOf(file)) {
        expect(/^(@hono\/node-server|ws)$/.test(specifier), `${file} imports ${specifier}: sockets belong to server/`).toBe(false);
      }
    }
  });

  it('keeps the signing module free of internal imports (node:crypto only, like a standalone verifier)', () => {
    for (const file of files.filter((f) => f.startsWith('signing/'))) {
      for (const specifier of packageImportsOf(file, { relative: true })) {
        expect(specifier === 'node:crypto' || specifier.startsWith('./'), `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});

/** The bare specifiers a file imports (and, with `relative`, its relative ones as written). */
function packageImportsOf(file: string, { relative = false } = {}): string[] {
  const text = readFileSync(`${SRC}/${file}`, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] as string)
    .filter((s) => relative || !s.startsWith('.'));
}
