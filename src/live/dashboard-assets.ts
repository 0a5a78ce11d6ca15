import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

/** Where the dashboard's browser files are served: `/_emulator/dashboard/<file>`. */
export const DASHBOARD_ASSETS_PATH = '/_emulator/dashboard/';

/**
 * The browser files as they are in the repository, src/live/dashboard/. They are found from the
 * package root (one level above both src/ and dist/, as fixtures/ is), so `npm start` (tsx), the
 * tsc build, the bundled bin and the installed package (which ships that folder) serve the same bytes.
 */
const DASHBOARD_DIR = new URL('../../src/live/dashboard/', import.meta.url);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface DashboardAsset {
  body: string;
  contentType: string;
}

let assets: ReadonlyMap<string, DashboardAsset> | undefined;

/**
 * The browser file named `name` (`main.js`, `style.css`, …), or `undefined` for any name that is
 * not one of them. Read once, on first use, so an emulator that nobody opens in a browser reads none.
 */
export function dashboardAsset(name: string): DashboardAsset | undefined {
  assets ??= readAssets();
  return assets.get(name);
}

function readAssets(): ReadonlyMap<string, DashboardAsset> {
  const found = new Map<string, DashboardAsset>();
  for (const name of readdirSync(DASHBOARD_DIR)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType !== undefined) found.set(name, { body: readFileSync(new URL(name, DASHBOARD_DIR), 'utf8'), contentType });
  }
  return found;
}
