import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of `src/`, lowest first (STYLE.md: dependencies point inward). A file may import its
 * own folder or a lower layer, never a higher one, so the core can be reused in-process and tested
 * without sockets, and a change low down cannot be broken by what sits on top of it. Each folder is
 * a layer of its own: two folders never share a rank, so every import between them has a direction.
 */
export const LAYERS: readonly [name: string, pattern: RegExp][] = [
  ['errors.ts, objects.ts, random.ts, version.ts: the base', /^(errors|objects|random|version)\.ts$/],
  ['clock/', /^clock\//],
  ['signing/', /^signing\//],
  ['config.ts', /^config\.ts$/],
  ['domain/: records and request schemas', /^domain\//],
  ['views/: the shapes records are shown in', /^views\//],
  ['catalogue/', /^catalogue\//],
  ['store/', /^store\//],
  ['delivery/: the pipeline and the dialect seam', /^delivery\//],
  ['live/: the live log', /^live\//],
  ['http/: shared HTTP helpers', /^http\//],
  ['apis/: one folder per Bird API', /^apis\//],
  ['fixtures/', /^fixtures\//],
  ['application/: the use-cases', /^application\//],
  ['api/: the HTTP app', /^api\//],
  ['server/: sockets', /^server\//],
  ['emulator.ts: the composition root', /^emulator\.ts$/],
  ['harness/', /^harness\//],
  ['index.ts: the public API', /^index\.ts$/],
  ['cli/', /^cli\//],
  // Last, so nothing of the emulator may import it: it runs at build time and is not shipped.
  ['build/: the release bundler (npm run build)', /^build\//],
];

export function layerOf(file: string): number {
  const index = LAYERS.findIndex(([, pattern]) => pattern.test(file));
  if (index === -1) throw new Error(`${file} is in no layer; add its folder to LAYERS in test/helpers/architecture.ts`);
  return index;
}

/** Every `.ts` file under `root`, relative to it. */
export function sourceFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, path);
    return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** The files under `root` that `file` imports (relative imports only), relative to `root`. */
export function importsOf(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] as string)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, resolve(dirname(join(root, file)), specifier)).replace(/\.js$/, '.ts'));
}

/** One message per import that points up the layers, naming both ends and their layers. */
export function layerViolations(root: string): string[] {
  return sourceFiles(root).flatMap((file) =>
    importsOf(root, file)
      .filter((target) => layerOf(target) > layerOf(file))
      .map(
        (target) =>
          `${file} imports ${target}: ${LAYERS[layerOf(file)]?.[0]} (layer ${layerOf(file)}) may not import ` +
          `${LAYERS[layerOf(target)]?.[0]} (layer ${layerOf(target)}); dependencies point inward`,
      ),
  );
}
