/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The nearest-rank percentile `p` (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Nanoseconds on the machine-wide monotonic clock, the one the receiver process stamps arrivals with. */
export const nowNs = (): number => Number(process.hrtime.bigint());

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A row of the printed table: what was measured, the median, the target and whether it was met. */
export interface Row {
  section: string;
  metric: string;
  value: string;
  target?: string | undefined;
  /** Undefined when the row has no target. */
  met?: boolean | undefined;
  note?: string | undefined;
}

/** Renders rows as a plain-text table with a column per field. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['section', 'metric', 'median', 'target', 'met', 'note'];
  const cells = rows.map((r) => [
    r.section,
    r.metric,
    r.value,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
