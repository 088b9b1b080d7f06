/** This profile's activity log: filters, a chart, the table, live updates. */
import { Alert, Badge, Button, Code, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import type { ActionState, ActivityEntry, ActivityStatus, ApprovalRecord } from '../../../shared/views';
import { api } from '../api';
import { ActivityChart } from '../components/ActivityChart';
import { OutboxList } from '../components/OutboxList';
import { useConnectorName, useEngineEvent } from '../hooks';
import { useApp } from '../store';
import { errorMessage, formatTime } from '../util';

const LIMIT = 500;
const STATUS_COLORS: Record<ActivityStatus, string> = { ok: 'teal', error: 'red', queued: 'orange' };
const OUTCOME_COLORS: Record<ApprovalRecord['outcome'], string> = { approved: 'teal', denied: 'red', expired: 'gray', cancelled: 'gray' };
const ANSWERED_VIA: Record<string, string> = { ui: 'in the app', cli: 'from the command line', elicitation: "in the agent's client" };
/** Who made a call, as a person says it. */
function callerText(via: string): string {
  if (via === 'ui') return 'You, in this app';
  if (via === 'cli') return 'You, from the command line';
  if (via === 'outbox') return 'The outbox, sending a queued call';
  if (via.startsWith('mcp')) return `An AI agent over MCP${via.includes(':') ? ` (${via.slice(via.indexOf(':') + 1)})` : ''}`;
  return via;
}

/** Everything kept of one call: its input (secret-looking values redacted), the error, the provider's status, timing, caller, approval. */
function EntryDetail({ entry, actionTitle }: { entry: ActivityEntry; actionTitle: string }) {
  return (
    <Stack gap={6} py="xs">
      <Text size="sm" fw={600}>
        {actionTitle} <Code>{entry.action}</Code>
      </Text>
      <dl className="sb-detail">
        <dt>When</dt>
        <dd>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
        </dd>
        <dt>Outcome</dt>
        <dd>{entry.status === 'ok' ? 'Succeeded' : entry.status === 'queued' ? 'Queued in the outbox' : 'Failed'}</dd>
        {entry.code && (
          <>
            <dt>Error</dt>
            <dd>
              <Code>{entry.code}</Code> {entry.message ?? ''}
            </dd>
          </>
        )}
        <dt>Service answered</dt>
        <dd>{entry.httpStatus ? `HTTP ${entry.httpStatus}` : 'No answer (the call did not reach the service)'}</dd>
        <dt>Duration</dt>
        <dd>{entry.durationMs} ms</dd>
        <dt>Caller</dt>
        <dd>{callerText(entry.via)}</dd>
        {entry.approval && (
          <>
            <dt>Approval</dt>
            <dd>
              <ApprovalCell approval={entry.approval} />
            </dd>
          </>
        )}
      </dl>
      <Text size="sm" fw={600}>
        Input (values that look secret are redacted)
      </Text>
      <pre className="sb-result" tabIndex={0} aria-label={`Input of call ${entry.id}`}>
        {entry.input === undefined ? '(none kept)' : JSON.stringify(entry.input, null, 2)}
      </pre>
    </Stack>
  );
}

/** The approval an agent's call waited for: the outcome, who answered how, how long it waited, the hash it was bound to. */
function ApprovalCell({ approval }: { approval: ApprovalRecord | undefined }) {
  if (!approval) return null;
  const how = approval.answeredVia ? (ANSWERED_VIA[approval.answeredVia] ?? approval.answeredVia) : approval.outcome === 'expired' ? 'nobody answered' : 'the profile locked';
  return (
    <Stack gap={2}>
      <Badge variant="dot" color={OUTCOME_COLORS[approval.outcome]}>
        {approval.outcome}
      </Badge>
      <Text size="xs">
        {how}, after {(approval.waitedMs / 1000).toFixed(1)} s
      </Text>
      <Text size="xs">
        <code title={approval.hash}>{approval.hash.slice(0, 12)}…</code>
      </Text>
    </Stack>
  );
}

/** The engine's rule: an id with a dot is one action; without, every action of that connector. */
function matchesAction(entry: ActivityEntry, action: string): boolean {
  if (action === '') return true;
  return action.includes('.') ? entry.action === action : entry.action.startsWith(`${action}.`);
}

export function ActivityScreen() {
  const [status, setStatus] = useState<'' | ActivityStatus>('');
  const [connector, setConnector] = useState('');
  const [actionId, setActionId] = useState('');
  const action = actionId || connector;
  const [open, setOpen] = useState<number | null>(null);
  const [actions, setActions] = useState<ActionState[]>([]);
  const connectorName = useConnectorName();
  const catalog = useApp((s) => s.catalog);
  useEffect(() => {
    api.invoke('actions.list', {}).then(setActions, () => undefined);
  }, []);
  const titleOf = useMemo(() => {
    const titles = new Map(actions.map((a) => [a.id, a.title]));
    return (id: string) => titles.get(id) ?? id.slice(id.indexOf('.') + 1).replace(/_/g, ' ');
  }, [actions]);
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outboxVersion, setOutboxVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const list = await api.invoke('activity.query', {
        limit: LIMIT,
        ...(status ? { status } : {}),
        ...(action ? { action } : {}),
      });
      setEntries(list);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [status, action]);

  useEffect(() => {
    void load();
  }, [load]);

  useEngineEvent('activity', (entry) => {
    if (entry.status === 'queued') setOutboxVersion((v) => v + 1);
    if ((status && entry.status !== status) || !matchesAction(entry, action)) return;
    setEntries((old) => (old ? [entry, ...old.filter((e) => e.id !== entry.id)].slice(0, LIMIT) : old));
  });

  return (
    <Stack>
      <Title order={2}>Activity</Title>
      <Text size="sm">Every call made with your profile, from this app, the command line or an AI agent. Only you can see it.</Text>
      <Group align="end">
        <NativeSelect
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as '' | ActivityStatus)}
          data={[
            { value: '', label: 'All' },
            { value: 'ok', label: 'ok' },
            { value: 'error', label: 'error' },
            { value: 'queued', label: 'queued' },
          ]}
          w={160}
        />
        <NativeSelect
          label="Connector"
          value={connector}
          onChange={(e) => {
            setConnector(e.currentTarget.value);
            setActionId('');
          }}
          data={[{ value: '', label: 'All connectors' }, ...(catalog ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          w={220}
        />
        <NativeSelect
          label="Action"
          value={actionId}
          disabled={!connector}
          onChange={(e) => setActionId(e.currentTarget.value)}
          data={[{ value: '', label: connector ? 'All its actions' : 'Choose a connector first' }, ...actions.filter((a) => a.connectorId === connector).map((a) => ({ value: a.id, label: a.title }))]}
          w={260}
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {entries && entries.length > 0 && <ActivityChart entries={entries} />}
      {entries && entries.length === 0 && <Text role="status">{status || action ? 'No activity matches these filters.' : 'No calls yet. Calls you, the command line or your AI agents make appear here.'}</Text>}
      {entries && entries.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover>
            <Table.Caption>
              {entries.length === LIMIT ? `The newest ${LIMIT} calls` : `${entries.length} calls`}, newest first
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Code</Table.Th>
                <Table.Th scope="col">Duration</Table.Th>
                <Table.Th scope="col">Via</Table.Th>
                <Table.Th scope="col">Approval</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Fragment key={e.id}>
                <Table.Tr>
                  <Table.Td>
                    <Button
                      variant="subtle"
                        color="dark"
                      size="compact-sm"
                      aria-expanded={open === e.id}
                      aria-controls={`activity-detail-${e.id}`}
                      leftSection={open === e.id ? <IconChevronDown size={14} aria-hidden="true" /> : <IconChevronRight size={14} aria-hidden="true" />}
                      onClick={() => setOpen(open === e.id ? null : e.id)}
                    >
                      <time dateTime={e.at}>{formatTime(e.at)}</time>
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    {connectorName(e.action.split('.')[0] ?? '')} · {titleOf(e.action)}
                    <Text size="xs" c="dimmed">
                      <code>{e.action}</code>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={STATUS_COLORS[e.status]}>
                      {e.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{[e.code, e.httpStatus ? `HTTP ${e.httpStatus}` : undefined].filter(Boolean).join(' · ')}</Table.Td>
                  <Table.Td>{e.durationMs} ms</Table.Td>
                  <Table.Td>{callerText(e.via)}</Table.Td>
                  <Table.Td>
                    <ApprovalCell approval={e.approval} />
                  </Table.Td>
                </Table.Tr>
                {open === e.id && (
                  <Table.Tr id={`activity-detail-${e.id}`}>
                    <Table.Td colSpan={7}>
                      <EntryDetail entry={e} actionTitle={`${connectorName(e.action.split('.')[0] ?? '')} · ${titleOf(e.action)}`} />
                    </Table.Td>
                  </Table.Tr>
                )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <OutboxList version={outboxVersion} />
    </Stack>
  );
}
