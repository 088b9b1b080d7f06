/**
 * Admin › Custom connectors › Import: choose an OpenAPI document, see its operations grouped by tag (kind,
 * method, path, a search box), choose which to include, preview what saving changes, save. Reading
 * the document is a dry run of the same import the CLI makes, so what is shown is what is saved.
 * A document of 1,000 operations stays usable: each group shows its first rows and says how many more
 * match; a whole group is chosen with one box.
 */
import { Alert, Badge, Button, Checkbox, Group, List, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ConnectorImportView, ImportedActionView } from '../../../../shared/views';
import { api } from '../../api';
import { notifySuccess } from '../../util';
import { adminErrorMessage } from './admin-util';

const ROWS_PER_GROUP = 50;
/** Preselected when a document is small; a larger one starts with nothing chosen. */
const PRESELECT_UP_TO = 25;

type Doc = { text: string; name: string };

function groupsOf(actions: ImportedActionView[]): [string, ImportedActionView[]][] {
  const groups = new Map<string, ImportedActionView[]>();
  for (const a of actions) {
    const tag = a.tags[0] ?? 'Untagged';
    groups.set(tag, [...(groups.get(tag) ?? []), a]);
  }
  return [...groups];
}

export function ImportFlow({ onSaved }: { onSaved: () => void }) {
  const [doc, setDoc] = useState<Doc | null>(null);
  const [connectorId, setConnectorId] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [read, setRead] = useState<ConnectorImportView | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState('');
  const [preview, setPreview] = useState<ConnectorImportView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const request = (extra: { select?: string[]; dryRun: boolean; confirm?: boolean }) =>
    api.invoke('admin.importOpenApi', { source: doc!, id: connectorId, ...(baseUrl ? { baseUrl } : {}), ...extra });

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const readDocument = () =>
    run(async () => {
      const view = await request({ dryRun: true });
      setRead(view);
      setPreview(null);
      setChosen(new Set(view.connector.actions.length <= PRESELECT_UP_TO ? view.connector.actions.filter((a) => !a.deprecated).map((a) => a.id) : []));
    });

  const showPreview = () => run(async () => setPreview(await request({ select: [...chosen], dryRun: true })));
  const save = () =>
    run(async () => {
      const view = await request({ select: [...chosen], dryRun: false, confirm: true });
      notifySuccess(`Saved ${view.connector.name}: ${view.connector.actions.length} actions, for every profile of the space.`);
      setRead(null);
      setPreview(null);
      setDoc(null);
      onSaved();
    });

  const term = search.trim().toLowerCase();
  const groups = useMemo(() => groupsOf(read?.connector.actions ?? []), [read]);
  const matches = (a: ImportedActionView) => !term || `${a.id} ${a.title} ${a.method} ${a.path} ${a.tags.join(' ')}`.toLowerCase().includes(term);
  const toggle = (ids: string[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return (
    <Stack component="section" aria-labelledby="import-heading">
      <Title order={3} id="import-heading">
        Import an API
      </Title>
      <Text size="sm">An OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML). References to other files or the network are not followed here; import those with `switchboard connector import`.</Text>
      <Group align="end">
        <label>
          <Text size="sm" fw={500}>
            OpenAPI document
          </Text>
          <input
            type="file"
            aria-label="OpenAPI document"
            accept=".json,.yaml,.yml,application/json,application/yaml"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              setRead(null);
              setPreview(null);
              if (file) void file.text().then((text) => setDoc({ text, name: file.name }));
            }}
          />
        </label>
        <TextInput label="Connector id" description="lowercase letters, digits and _" value={connectorId} onChange={(e) => setConnectorId(e.currentTarget.value)} />
        <TextInput label="Base URL (optional)" value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} />
        <Button onClick={() => void readDocument()} disabled={!doc || !connectorId} loading={busy && !read}>
          Read document
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" title="Not imported">
          {error}
        </Alert>
      )}
      {read && (
        <Paper withBorder p="md">
          <Stack>
            <Text>
              <strong>{read.connector.name}</strong>: {read.connector.actions.length} operations; auth {read.connector.auth.join(', ')}; base URL{' '}
              {read.connector.baseUrl || `per connection (${read.connector.baseUrlHint ?? 'required'})`}
            </Text>
            {read.report.unsupportedAuth.length + read.report.skipped.length > 0 && (
              <Alert color="gray" title="Not mapped">
                <List size="sm">
                  {[...read.report.unsupportedAuth, ...read.report.skipped].map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Group>
              <TextInput label="Search operations" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
              <Text size="sm" role="status">
                {chosen.size} of {read.connector.actions.length} chosen
              </Text>
            </Group>
            {groups.map(([tag, actions]) => {
              const shown = actions.filter(matches);
              if (!shown.length) return null;
              const all = shown.every((a) => chosen.has(a.id));
              return (
                <Stack key={tag} gap="xs" component="section" aria-label={`Tag ${tag}`}>
                  <Checkbox
                    label={`${tag} (${shown.length})`}
                    checked={all}
                    indeterminate={!all && shown.some((a) => chosen.has(a.id))}
                    onChange={(e) => toggle(shown.map((a) => a.id), e.currentTarget.checked)}
                  />
                  <Table>
                    <Table.Tbody>
                      {shown.slice(0, ROWS_PER_GROUP).map((a) => (
                        <Table.Tr key={a.id}>
                          <Table.Td>
                            <Checkbox aria-label={`Include ${a.id}`} checked={chosen.has(a.id)} onChange={(e) => toggle([a.id], e.currentTarget.checked)} />
                          </Table.Td>
                          <Table.Td>
                            <code>{a.id}</code> {a.title !== a.id && a.title}
                            {a.deprecated && (
                              <Badge ml="xs" variant="light" color="gray" size="sm">
                                deprecated
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={a.kind === 'read' ? 'blue' : 'grape'}>{a.kind}</Badge>
                          </Table.Td>
                          <Table.Td>
                            <code>
                              {a.method} {a.path}
                            </code>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {shown.length > ROWS_PER_GROUP && <Text size="sm">{shown.length - ROWS_PER_GROUP} more in this tag: search to narrow, or choose the whole tag.</Text>}
                </Stack>
              );
            })}
            <Group>
              <Button onClick={() => void showPreview()} disabled={chosen.size === 0} loading={busy && !preview}>
                Preview
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {preview && (
        <Paper withBorder p="md" component="section" aria-label="Preview">
          <Stack>
            <Text>
              {preview.change.replaces ? `Updates ${preview.connector.id}` : `Adds ${preview.connector.id}`} with {preview.connector.actions.length} actions.
              {preview.change.replaces && ` Added: ${preview.change.added.join(', ') || 'none'}. Removed: ${preview.change.removed.join(', ') || 'none'}. Changed inputs: ${preview.change.changed.join(', ') || 'none'}.`}
            </Text>
            {preview.change.losses.length > 0 ? (
              <List size="sm" aria-label="Profiles that lose enabled actions">
                {preview.change.losses.map((l) => (
                  <List.Item key={l.tenantId}>
                    {l.name} loses {l.loses.join(', ')}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">No profile loses an enabled action.</Text>
            )}
            <Group>
              <Button onClick={() => void save()} loading={busy}>
                Save connector
              </Button>
              <Button variant="default" onClick={() => setPreview(null)}>
                Back
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
