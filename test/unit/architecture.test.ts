import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Dependencies point inward (STYLE.md): a file may import its own layer or a lower one. The core
 * (layers 0 and 1) must stay free of HTTP servers, Hono, ws and the process, so it can be reused
 * in-process and tested without sockets.
 */
const LAYERS: [number, RegExp][] = [
  [0, /^(errors|objects|random|version)\.ts$|^(domain|signing)\//],
  [1, /^(config)\.ts$|^(catalogue|filtering|delivery|store|subscriptions|fixtures)\//],
  [2, /^(api|live|server)\//],
  [3, /^(emulator|index)\.ts$|^harness\//],
  [4, /^cli\//],
];

function layerOf(file: string): number {
  const found = LAYERS.find(([, pattern]) => pattern.test(file));
  if (!found) throw new Error(`${file} is in no layer; add its folder to LAYERS in architecture.test.ts`);
  return found[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

const files = sourceFiles(SRC);

describe('architecture', () => {
  it.each(files)('%s imports only its own layer or lower ones', (file) => {
    for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
      const target = relative(SRC, resolve(dirname(join(SRC, file)), specifier)).replace(/\.js$/, '.ts');
      expect(layerOf(target), `${file} imports ${target}, a higher layer: dependencies must point inward`).toBeLessThanOrEqual(
        layerOf(file),
      );
    }
  });

  it('imports zod as a namespace, so the bundled CLI carries only the zod it uses', () => {
    // test/build/bundle-cli.ts: esbuild drops unused exports only through `import * as z`.
    for (const file of files) {
      const text = readFileSync(join(SRC, file), 'utf8');
      expect(/^import \{[^}]*\} from 'zod'/m.test(text), `${file}: write import * as z from 'zod'`).toBe(false);
    }
  });

  it('keeps Hono, ws and the process out of the core', () => {
    for (const file of files.filter((f) => layerOf(f) <= 1)) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const specifier of importsOf(file)) {
        expect(/^(hono|@hono\/|ws$)/.test(specifier), `${file} imports ${specifier}: the core knows no HTTP server`).toBe(false);
      }
      expect(/process\.(exit|argv|stdout|stderr)/.test(text), `${file} touches the process: only cli/ may`).toBe(false);
    }
  });

  it('lets only server/ import @hono/node-server and ws', () => {
    for (const file of files.filter((f) => !f.startsWith('server/'))) {
      for (const specifier of importsOf(file)) {
        expect(/^(@hono\/node-server|ws)$/.test(specifier), `${file} imports ${specifier}: sockets belong to server/`).toBe(false);
      }
    }
  });

  it('keeps the signing module free of internal imports (node:crypto only, like a standalone verifier)', () => {
    for (const file of files.filter((f) => f.startsWith('signing/'))) {
      for (const specifier of importsOf(file)) {
        expect(specifier === 'node:crypto' || specifier.startsWith('./'), `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});
