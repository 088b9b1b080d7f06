/**
 * Admin › Insights: calls, error rate and mean latency per day over the last 30 days, by connector
 * and by tenant. Each chart has a label, and a plain table with the same numbers under it.
 */
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { InsightPointView } from '../../../../shared/views';
import { api } from '../../api';
import { useConnectorName } from '../../hooks';
import { adminErrorMessage } from './admin-util';

const DAYS = 30;
const DAY_MS = 86_400_000;
const COLORS = ['blue.7', 'teal.8', 'grape.7', 'orange.8', 'red.8', 'indigo.7', 'cyan.8', 'pink.7', 'lime.9', 'violet.7', 'yellow.9', 'gray.7'];

type Insights = { byConnector: InsightPointView[]; byTenant: InsightPointView[] };
type Metric = 'calls' | 'errorRate' | 'latency';

interface Grouped {
  /** The keys (connector ids or tenant names), each with a series id safe as a chart data key. */
  keys: { key: string; series: string }[];
  /** Every day of the window, oldest first. */
  days: string[];
  /** day → key → point */
  points: Map<string, Map<string, InsightPointView>>;
}

function group(points: InsightPointView[]): Grouped {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const first = Math.min(today - (DAYS - 1) * DAY_MS, ...points.map((p) => Date.parse(`${p.day}T00:00:00Z`)).filter((t) => !Number.isNaN(t)));
  const days: string[] = [];
  for (let t = first; t <= today; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  const byDay = new Map<string, Map<string, InsightPointView>>();
  for (const p of points) {
    if (!byDay.has(p.day)) byDay.set(p.day, new Map());
    byDay.get(p.day)!.set(p.key, p);
  }
  const keys = [...new Set(points.map((p) => p.key))].sort((a, b) => a.localeCompare(b)).map((key, i) => ({ key, series: `s${i}` }));
  return { keys, days, points: byDay };
}

function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function value(p: InsightPointView | undefined, metric: Metric): number | null {
  if (metric === 'calls') return p?.calls ?? 0;
  if (!p || p.calls === 0) return null;
  return metric === 'errorRate' ? Math.round((p.errors / p.calls) * 1000) / 10 : p.avgMs;
}

function cellText(p: InsightPointView | undefined, metric: Metric): string {
  if (metric === 'calls') return String(p?.calls ?? 0);
  if (!p || p.calls === 0) return '–';
  return metric === 'errorRate' ? `${value(p, metric)} % (${p.errors} of ${p.calls})` : `${p.avgMs} ms`;
}

export function InsightsPanel() {
  const [insights, setInsights] = useState<Insights | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.invoke('admin.insights', { days: DAYS }).then(setInsights, (err: unknown) => setError(adminErrorMessage(err)));
  }, []);

  const totals = useMemo(() => {
    const all = insights?.byConnector ?? []; // every call of the space; byTenant holds the busiest profiles only
    const calls = all.reduce((n, p) => n + p.calls, 0);
    const errors = all.reduce((n, p) => n + p.errors, 0);
    return { calls, errors };
  }, [insights]);

  return (
    <Stack component="section" aria-labelledby="admin-insights-heading">
      <Title order={3} id="admin-insights-heading">
        Insights
      </Title>
      <Text size="sm">
        Calls of every profile over the last {DAYS} days, counted per connector and per profile, with days in UTC. Only counts and timings are
        kept for this: never an input, an answer or a log line.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="Could not load insights">
          {error}
        </Alert>
      )}
      {!insights && !error && <Loader aria-label="Loading insights" />}
      {insights && (
        <Text size="sm" fw={600} role="status">
          {totals.calls === 0
            ? `No calls in the last ${DAYS} days.`
            : `${totals.calls} ${totals.calls === 1 ? 'call' : 'calls'}, ${totals.errors} ${totals.errors === 1 ? 'error' : 'errors'} (${Math.round((totals.errors / totals.calls) * 1000) / 10} %) in the last ${DAYS} days.`}
        </Text>
      )}
      {insights && totals.calls > 0 && (
        <>
          <InsightGroup id="by-connector" title="By connector" what="connector" points={insights.byConnector} />
          <InsightGroup id="by-tenant" title="By profile (the 25 busiest)" what="tenant" points={insights.byTenant} />
        </>
      )}
    </Stack>
  );
}

function InsightGroup({ id, title, what, points }: { id: string; title: string; what: 'connector' | 'tenant'; points: InsightPointView[] }) {
  const connectorName = useConnectorName();
  const nameOf = what === 'connector' ? connectorName : (key: string) => key;
  const grouped = useMemo(() => group(points), [points]);
  const noun = what === 'connector' ? 'connector' : 'profile';
  return (
    <Stack component="section" aria-labelledby={`insights-${id}`} gap="sm">
      <Title order={4} id={`insights-${id}`}>
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <InsightChart id={`${id}-calls`} title={`Calls per day by ${noun}`} metric="calls" grouped={grouped} nameOf={nameOf} />
        <InsightChart id={`${id}-errors`} title={`Error rate per day by ${noun}`} metric="errorRate" grouped={grouped} nameOf={nameOf} />
        <InsightChart id={`${id}-latency`} title={`Mean latency per day by ${noun}`} metric="latency" grouped={grouped} nameOf={nameOf} />
      </SimpleGrid>
    </Stack>
  );
}

function InsightChart({ id, title, metric, grouped, nameOf }: { id: string; title: string; metric: Metric; grouped: Grouped; nameOf: (key: string) => string }) {
  const data = useMemo(
    () =>
      grouped.days.map((day) => {
        const row: Record<string, string | number | null> = { day: dayLabel(day) };
        for (const k of grouped.keys) row[k.series] = value(grouped.points.get(day)?.get(k.key), metric);
        return row;
      }),
    [grouped, metric],
  );
  const series = grouped.keys.map((k, i) => ({ name: k.series, label: nameOf(k.key), color: COLORS[i % COLORS.length]! }));
  const activeDays = grouped.days.filter((d) => grouped.points.has(d));
  const unit = metric === 'errorRate' ? ' %' : metric === 'latency' ? ' ms' : '';
  const chartLabel = `${title}, last ${DAYS} days, as a chart. The table below has the same numbers.`;
  return (
    <figure className="sb-figure" aria-labelledby={`${id}-caption`}>
      <Text size="sm" fw={600} component="figcaption" id={`${id}-caption`} mb="xs">
        {title}
      </Text>
      <div role="img" aria-label={chartLabel}>
        {metric === 'calls' ? (
          <BarChart
            h={200}
            data={data}
            dataKey="day"
            type="stacked"
            series={series}
            withLegend
            tickLine="y"
            yAxisProps={{ allowDecimals: false }}
            accessibilityLayer={false}
          />
        ) : (
          <LineChart
            h={200}
            data={data}
            dataKey="day"
            series={series}
            withLegend
            tickLine="y"
            connectNulls={false}
            yAxisProps={{ width: 64 }}
            valueFormatter={(v) => `${v}${unit}`}
            accessibilityLayer={false}
          />
        )}
      </div>
      <Table.ScrollContainer minWidth={320} mt="xs">
        <Table withTableBorder striped verticalSpacing={4} fz="xs">
          <Table.Caption>
            {title}
            {activeDays.length < grouped.days.length ? ', days with calls only' : ''}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              {grouped.keys.map((k) => (
                <Table.Th scope="col" key={k.series}>
                  {nameOf(k.key)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {activeDays.map((day) => (
              <Table.Tr key={day}>
                <Table.Th scope="row">
                  <time dateTime={day}>{dayLabel(day)}</time>
                </Table.Th>
                {grouped.keys.map((k) => (
                  <Table.Td key={k.series}>{cellText(grouped.points.get(day)?.get(k.key), metric)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </figure>
  );
}
