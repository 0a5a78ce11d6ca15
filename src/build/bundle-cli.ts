// The second step of `npm run build`: replaces dist/cli/bin.js, which `tsc -p src` has just written,
// with one self-contained ESM file holding the CLI and everything it imports (our modules, hono,
// @hono/node-server, zod, lowdb, ws). `tsx src/build/bundle-cli.ts [--outfile <path>]`.
// It is part of the build, so it lives with the source it builds, but it is not the emulator's code:
// src/tsconfig.json leaves build/ out of dist/, so nothing of it ships, and esbuild stays a
// devDependency. It takes esbuild's JavaScript API, not its CLI, for the plugin below.
//
// @note Why: the bin is timed from spawn to its ready line (test/bench/startup.ts). Node 20 spent most
// of that resolving, reading and compiling ~240 separate ES modules, and has no compile cache to
// spare it the work on the next start. One file, with zod reduced to what the schemas use, took the
// median from ~430 ms to ~275 ms on the 2-core reference machine (a bare node:http server: ~120 ms).
// Not minified: measured, a minified bundle started 50-75 ms slower (not looked into further),
// and its stack traces would be unreadable. The commands other than `start` stay in the file, behind
// run.ts's `import()`, so they are parsed but not run: a bundle without them started no faster
// within the noise, so code splitting would only add files.
// The library (dist/index.js and its .d.ts) stays tsc's output: it is imported, not spawned, and
// shares its dependencies with the application that imports it. If only `tsc -p src` ran, the bin is
// tsc's output again: slower to start, the same in every other way.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

export interface BundleCliOptions {
  /** Where the bundle goes; it stands in for `<dist>/cli/bin.js`. @default `dist/cli/bin.js` */
  outfile?: string;
}

/** Bundles src/cli/bin.ts into `outfile`; returns the number of source files in it. */
export async function bundleCli({ outfile = join(ROOT, 'dist', 'cli', 'bin.js') }: BundleCliOptions = {}): Promise<number> {
  const result = await build({
    entryPoints: [join(SRC, 'cli', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    // Stack traces and `constructor.name` (which zod and hono read) as in the unbundled code.
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    // Loaded by the delivery code on first use, after the ready line: bundled, it would be compiled at
    // every start for nothing. It is a dependency, so it is in node_modules wherever the bin runs.
    external: ['undici'],
    metafile: true,
    logLevel: 'warning',
    // ws is CommonJS and require()s Node's built-ins (and, if installed, bufferutil): give it a real require.
    banner: {
      js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);",
    },
    plugins: [sourceAsTscEmitsIt(outfile)],
  });
  return Object.keys(result.metafile.inputs).length;
}

/**
 * `import.meta.url` in our own modules becomes the URL the module has as tsc output
 * (`<dist>/version.js`, …), so the files found relative to it (package.json, the shipped fixtures/)
 * are the same as unbundled.
 * @note src/ imports zod as `import * as z from 'zod'`: esbuild drops unused code only through a
 * namespace import (`import { z }` kept all of zod, locales included: 730 kB, ~40 ms of each start).
 */
function sourceAsTscEmitsIt(outfile: string): Plugin {
  const distDir = resolve(dirname(outfile), '..');
  return {
    name: 'source-as-tsc-emits-it',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (!path.startsWith(SRC + sep)) return undefined;
        const emitted = join(distDir, relative(SRC, path)).replace(/\.ts$/, '.js');
        const fromBundle = relative(dirname(outfile), emitted).split(sep).join('/');
        const contents = (await readFile(path, 'utf8')).replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        );
        return { contents, loader: 'ts' };
      });
    },
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  const outfile = resolve(values.outfile ?? join(ROOT, 'dist', 'cli', 'bin.js'));
  const inputs = await bundleCli({ outfile });
  console.log(`bundled the CLI (${inputs} files) into ${relative(process.cwd(), outfile)}`);
}
