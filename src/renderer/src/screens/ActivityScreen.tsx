/** This profile's activity log: filters, a chart, the table, live updates. */
import { Alert, Badge, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import type { ActivityEntry, ActivityStatus, ApprovalRecord } from '../../../shared/views';
import { api } from '../api';
import { ActivityChart } from '../components/ActivityChart';
import { OutboxList } from '../components/OutboxList';
import { useEngineEvent } from '../hooks';
import { errorMessage, formatTime } from '../util';

const LIMIT = 500;
const STATUS_COLORS: Record<ActivityStatus, string> = { ok: 'teal', error: 'red', queued: 'orange' };
const OUTCOME_COLORS: Record<ApprovalRecord['outcome'], string> = { approved: 'teal', denied: 'red', expired: 'gray', cancelled: 'gray' };
const ANSWERED_VIA: Record<string, string> = { ui: 'in the app', cli: 'from the command line', elicitation: "in the agent's client" };

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
  const [actionText, setActionText] = useState('');
  const [action] = useDebouncedValue(actionText.trim(), 300);
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
        <TextInput
          label="Action"
          description="An action id (slack.send_message) or a connector id (slack)."
          placeholder="slack.send_message"
          value={actionText}
          onChange={(e) => setActionText(e.currentTarget.value)}
          w={300}
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {entries && <ActivityChart entries={entries} />}
      {entries && entries.length === 0 && <Text role="status">No activity matches these filters yet.</Text>}
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
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <time dateTime={e.at}>{formatTime(e.at)}</time>
                  </Table.Td>
                  <Table.Td>
                    <code>{e.action}</code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={STATUS_COLORS[e.status]}>
                      {e.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{[e.code, e.httpStatus ? `HTTP ${e.httpStatus}` : undefined].filter(Boolean).join(' · ')}</Table.Td>
                  <Table.Td>{e.durationMs} ms</Table.Td>
                  <Table.Td>{e.via}</Table.Td>
                  <Table.Td>
                    <ApprovalCell approval={e.approval} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <OutboxList version={outboxVersion} />
    </Stack>
  );
}
