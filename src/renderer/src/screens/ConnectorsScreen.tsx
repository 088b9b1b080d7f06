/** The catalog: every connector of the space, with this profile's status for each. */
import { Alert, Badge, Button, Card, Group, Loader, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ActionState, ConnectionSummary } from '../../../shared/views';
import { api } from '../api';
import { categoryLabel, connectorStatus } from '../components/status';
import { useEngineEvent } from '../hooks';
import { useApp } from '../store';
import { errorMessage } from '../util';
import { ConnectorIcon } from '../components/ConnectorIcon';
import { Prose } from '../components/Prose';

export function ConnectorsScreen() {
  const catalog = useApp((s) => s.catalog);
  const setCatalog = useApp((s) => s.setCatalog);
  const openConnector = useApp((s) => s.openConnector);
  const [connections, setConnections] = useState<ConnectionSummary[]>([]);
  const [actions, setActions] = useState<ActionState[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('all');

  const load = useCallback(async () => {
    try {
      const [cat, conns, acts] = await Promise.all([api.invoke('catalog.list'), api.invoke('connections.list'), api.invoke('actions.list', {})]);
      setCatalog(cat);
      setConnections(conns);
      setActions(acts);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [setCatalog]);

  useEffect(() => {
    void load();
  }, [load]);
  useEngineEvent('connections', () => void load());
  useEngineEvent('policy', () => void load());

  const categories = useMemo(() => [...new Set((catalog ?? []).map((c) => c.category))].sort(), [catalog]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (catalog ?? []).filter(
      (c) =>
        (category === 'all' || c.category === category) &&
        (q === '' || c.name.toLowerCase().includes(q) || c.description.toLowerCase().includes(q) || c.id.includes(q)),
    );
  }, [catalog, search, category]);

  return (
    <Stack>
      <Title order={2}>Connectors</Title>
      <Group align="end">
        <TextInput
          label="Search connectors"
          type="search"
          placeholder="Slack, issues, email…"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
        />
        <NativeSelect
          label="Category"
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
          data={[{ value: 'all', label: 'All' }, ...categories.map((c) => ({ value: c, label: categoryLabel(c) }))]}
          w={220}
        />
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {!catalog && !error && <Loader aria-label="Loading connectors" />}
      {catalog && shown.length === 0 && <Text role="status">No connector matches your search.</Text>}
      <ul className="sb-grid" aria-label="Connectors">
        {shown.map((c) => {
          const status = connectorStatus(
            c,
            connections.find((x) => x.connectorId === c.id),
            actions.filter((a) => a.connectorId === c.id),
          );
          return (
            <Card key={c.id} withBorder padding="md" component="li">
              <Stack gap="xs" h="100%">
                <Group gap="xs" wrap="nowrap">
                  <ConnectorIcon connector={c} />
                  <Title order={3} size="h4">
                    {c.name}
                  </Title>
                </Group>
                <Text size="sm"><Prose text={c.description} /></Text>
                <Group gap="xs">
                  <Badge variant="dot" color={status.color}>
                    {status.label}
                  </Badge>
                  {status.enabled && <Badge variant="dot" color="blue">{status.enabled}</Badge>}
                  {status.blocked && status.label !== 'Not allowed by policy' && (
                    <Badge variant="dot" color="red">
                      Not allowed by policy
                    </Badge>
                  )}
                  <Text size="xs">{categoryLabel(c.category)}</Text>
                </Group>
                <Group mt="auto">
                  <Button variant="light" onClick={() => openConnector(c.id)}>
                    Open {c.name}
                  </Button>
                </Group>
              </Stack>
            </Card>
          );
        })}
      </ul>
    </Stack>
  );
}
