/** Tiny timing helpers for `npm run bench`: medians of repeated runs, printed as a table. */
import { cpus } from 'node:os';

export async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Row {
  measure: string;
  runs: number;
  median: number;
  p90: number;
  target: string;
  note?: string;
}

export function row(measure: string, samples: number[], target: string, note?: string): Row {
  return { measure, runs: samples.length, median: median(samples), p90: percentile(samples, 90), target, ...(note ? { note } : {}) };
}

export function printTable(rows: Row[]): void {
  const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
  const cells = rows.map((r) => [r.measure, String(r.runs), fmt(r.median), fmt(r.p90), r.target, r.note ?? '']);
  const headers = ['measure', 'runs', 'median ms', 'p90 ms', 'target', 'note'];
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => '| ' + c.map((x, i) => x.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(headers));
  console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  for (const c of cells) console.log(line(c));
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}, ${process.platform}`;
}
