import type { EventDefinition } from '../../src/catalogue/types.js';

const PAYLOAD_STATUS = { example: 'Bird’s example', partial: 'partly ours', none: 'ours', schema: 'Bird’s SDK types' } as const;

/** A link named by the last two segments of the page's path, e.g. `programmable-sms/receiving-messages`. */
function link(url: string): string {
  return `[${new URL(url).pathname.split('/').filter(Boolean).slice(-2).join('/')}](${url})`;
}

/**
 * The README's table of the catalogue: every event with its service, how much of its payload Bird
 * documents, and Bird's pages. `test/unit/readme.test.ts` keeps the README's copy equal to it (its
 * failure shows the table to paste).
 */
export function catalogueTable(events: readonly EventDefinition[]): string {
  const rows = events.map((e) => {
    const status = e.documented ? PAYLOAD_STATUS[e.source.payload] : 'ours; not a Bird event';
    return `| \`${e.name}\` | ${e.service} | ${status} | ${e.source.urls.map(link).join(', ')} |`;
  });
  return ['| event | service | payload | Bird’s pages |', '|---|---|---|---|', ...rows].join('\n');
}
