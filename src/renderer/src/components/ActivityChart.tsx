/** Calls and errors per time bucket, from the entries the Activity screen shows. */
import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { ActivityEntry } from '../../../shared/views';

const MINUTE = 60_000;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE];
const MAX_BUCKETS = 36;

export interface Bucket {
  time: string;
  Calls: number;
  Errors: number;
}

export function bucketize(entries: ActivityEntry[]): Bucket[] {
  const times = entries.map((e) => Date.parse(e.at)).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return [];
  const min = Math.min(...times);
  const max = Math.max(...times);
  const step = STEPS.find((s) => (max - min) / s < MAX_BUCKETS) ?? STEPS[STEPS.length - 1]!;
  const start = Math.floor(min / step) * step;
  const count = Math.min(Math.floor((max - start) / step) + 1, MAX_BUCKETS * 2);
  const withDate = step >= 6 * 60 * MINUTE || new Date(min).toDateString() !== new Date(max).toDateString();
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => {
    const d = new Date(start + i * step);
    const time = withDate
      ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', ...(step < 24 * 60 * MINUTE ? { hour: '2-digit', minute: '2-digit' } : {}) })
      : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return { time, Calls: 0, Errors: 0 };
  });
  entries.forEach((e, i) => {
    const t = times[i];
    if (t === undefined) return;
    const bucket = buckets[Math.min(Math.floor((t - start) / step), count - 1)];
    if (!bucket) return;
    bucket.Calls += 1;
    if (e.status === 'error') bucket.Errors += 1;
  });
  return buckets;
}

export function ActivityChart({ entries }: { entries: ActivityEntry[] }) {
  const data = useMemo(() => bucketize(entries), [entries]);
  const errors = data.reduce((n, b) => n + b.Errors, 0);
  return (
    <figure aria-label="Calls and errors over time" className="sb-figure">
      <Text size="sm" fw={600} component="figcaption">
        Calls and errors over time: {entries.length} calls, {errors} errors
      </Text>
      {data.length === 0 ? (
        <Text size="sm">No calls yet.</Text>
      ) : (
        <BarChart
          h={220}
          data={data}
          dataKey="time"
          series={[
            { name: 'Calls', color: 'blue.7' },
            { name: 'Errors', color: 'red.8' },
          ]}
          withLegend
          tickLine="y"
          yAxisProps={{ allowDecimals: false }}
          barChartProps={{ accessibilityLayer: false }}
        />
      )}
    </figure>
  );
}
