/**
 * Admin › Policy: allow or deny each connector and each action per role. Changes are not saved at
 * once: any number wait as pending changes, listed together with each one's effect on the profiles
 * (who loses or regains which enabled action), and are saved together or discarded. Each connector's
 * rules show on its folded row, so the state reads without opening every panel.
 */
import { Accordion, Alert, Badge, Button, Group, List, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Role } from '../../../../shared/model';
import type { ActionKind, ActionState, ConnectorView, PolicyEffectView, PolicyRuleView } from '../../../../shared/views';
import { api } from '../../api';
import { useApp } from '../../store';
import { notifySuccess } from '../../util';
import { adminErrorMessage, ROLE_OPTIONS } from './admin-util';
import { ConnectorIcon } from '../ConnectorIcon';
import { Prose } from '../Prose';

type Effect = 'inherit' | 'allow' | 'deny';
const EFFECTS: Effect[] = ['inherit', 'allow', 'deny'];
const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', member: 'Member', viewer: 'Viewer' };

interface Change {
  connectorId: string;
  subject: string;
  role: Role;
  effect: Effect;
}

type Preview = { state: 'loading' } | { state: 'ready'; effects: PolicyEffectView[] } | { state: 'error'; message: string };

function ruleOf(rules: PolicyRuleView[], subject: string, role: Role): Effect {
  return rules.find((r) => r.subject === subject && r.role === role)?.effect ?? 'inherit';
}

function changeText(c: Pick<Change, 'subject' | 'role' | 'effect'>): string {
  return `${c.subject} for ${c.role}: ${c.effect}`;
}

function keyOf(c: Pick<Change, 'subject' | 'role'>): string {
  return `${c.subject} ${c.role}`;
}

/** A connector's saved rules in a few words, for its folded row. */
function rulesSummary(rules: PolicyRuleView[], connectorId: string): string {
  const own = rules.filter((r) => r.subject === connectorId || r.subject.startsWith(`${connectorId}.`));
  if (own.length === 0) return 'No rules: everything allowed';
  const words = own.slice(0, 3).map((r) => `${r.subject === connectorId ? 'all' : r.subject.slice(connectorId.length + 1)} for ${r.role}: ${r.effect}`);
  return `${own.length === 1 ? '1 rule' : `${own.length} rules`}: ${words.join('; ')}${own.length > 3 ? '; …' : ''}`;
}

export function PolicyPanel() {
  const catalog = useApp((s) => s.catalog);
  const setCatalog = useApp((s) => s.setCatalog);
  const [rules, setRules] = useState<PolicyRuleView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const [pending, setPending] = useState<Change[]>([]);
  const [previews, setPreviews] = useState<Record<string, Preview>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  /** Only the newest preview request of a cell may set its preview (a select can change several times quickly). */
  const previewSeq = useRef<Record<string, number>>({});

  const load = useCallback(async () => {
    try {
      const [cat, list] = await Promise.all([catalog ? Promise.resolve(catalog) : api.invoke('catalog.list'), api.invoke('admin.policy')]);
      if (!catalog) setCatalog(cat);
      setRules(list);
      setError(null);
    } catch (err) {
      setError(adminErrorMessage(err));
    }
  }, [catalog, setCatalog]);

  useEffect(() => {
    void load();
  }, [load]);

  const discard = (key?: string) => {
    setSaveError(null);
    if (key === undefined) {
      previewSeq.current = {};
      setPending([]);
      setPreviews({});
      return;
    }
    previewSeq.current[key] = (previewSeq.current[key] ?? 0) + 1;
    setPending((old) => old.filter((c) => keyOf(c) !== key));
  };

  const change = (next: Change) => {
    if (!rules) return;
    setSaveError(null);
    const key = keyOf(next);
    if (next.effect === ruleOf(rules, next.subject, next.role)) {
      discard(key);
      return;
    }
    const seq = (previewSeq.current[key] ?? 0) + 1;
    previewSeq.current[key] = seq;
    setPending((old) => [...old.filter((c) => keyOf(c) !== key), next]);
    setPreviews((old) => ({ ...old, [key]: { state: 'loading' } }));
    api.invoke('admin.previewPolicy', { subject: next.subject, role: next.role, effect: next.effect }).then(
      (effects) => {
        if (seq === previewSeq.current[key]) setPreviews((old) => ({ ...old, [key]: { state: 'ready', effects } }));
      },
      (err: unknown) => {
        if (seq === previewSeq.current[key]) setPreviews((old) => ({ ...old, [key]: { state: 'error', message: adminErrorMessage(err) } }));
      },
    );
  };

  /** Save every pending change, in the order made; a failure stops there and keeps the rest pending. */
  const save = async () => {
    if (pending.length === 0 || saving) return;
    setSaving(true);
    setSaveError(null);
    const saved: Change[] = [];
    try {
      for (const c of pending) {
        setRules(await api.invoke('admin.setPolicy', { subject: c.subject, role: c.role, effect: c.effect }));
        saved.push(c);
      }
      notifySuccess(`Saved: ${pending.map(changeText).join('; ')}. It applies to every profile's next call.`, 'Policy saved');
    } catch (err) {
      setSaveError(`${saved.length > 0 ? `${saved.length} of ${pending.length} saved; ` : ''}${adminErrorMessage(err)}`);
    } finally {
      const done = new Set(saved.map(keyOf));
      for (const k of done) previewSeq.current[k] = (previewSeq.current[k] ?? 0) + 1;
      setPending((old) => old.filter((c) => !done.has(keyOf(c))));
      setSaving(false);
    }
  };

  return (
    <Stack component="section" aria-labelledby="admin-policy-heading">
      <Title order={3} id="admin-policy-heading">
        Policy
      </Title>
      <Text size="sm">
        Allow or deny a connector, or one of its actions, for each role. A rule on an action wins over a rule on its connector; with no rule
        (inherit) an action is allowed. A change applies to every profile’s next call, from the app, the command line or an AI agent. Before it
        is saved you see who loses which action.
      </Text>
      <Text size="sm">Viewers can never use write actions, whatever the policy says: rules for viewers only matter for read actions.</Text>
      {error && (
        <Alert color="red" role="alert" title="Could not load the policy">
          {error}
        </Alert>
      )}
      {(!catalog || !rules) && !error && <Loader aria-label="Loading the policy" />}
      {pending.length > 0 && (
        <EffectPanel changes={pending} previews={previews} saving={saving} saveError={saveError} onSave={() => void save()} onDiscard={discard} />
      )}
      {catalog && rules && (
        // No height animation: a panel's content grows after it opens (its actions load, the effect panel shows).
        <Accordion multiple value={opened} onChange={setOpened} variant="separated" chevronPosition="left" transitionDuration={0}>
          {catalog.map((c) => {
            const waiting = pending.filter((p) => p.connectorId === c.id).length;
            return (
              <Accordion.Item key={c.id} value={c.id}>
                <Accordion.Control>
                  <Group gap="sm" wrap="nowrap">
                    <ConnectorIcon connector={c} />
                    <Text fw={600} component="span">
                      {c.name}
                    </Text>
                    <Text size="sm" component="span">
                      {rulesSummary(rules, c.id)}
                    </Text>
                    {waiting > 0 && (
                      <Badge variant="outline" color="dark" size="sm">
                        {waiting} not saved
                      </Badge>
                    )}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {opened.includes(c.id) && (
                    <ConnectorPolicy
                      connector={c}
                      rules={rules}
                      pending={pending.filter((p) => p.connectorId === c.id)}
                      saving={saving}
                      onChange={change}
                    />
                  )}
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
    </Stack>
  );
}

interface ConnectorPolicyProps {
  connector: ConnectorView;
  rules: PolicyRuleView[];
  /** This connector's pending changes. */
  pending: Change[];
  saving: boolean;
  onChange: (change: Change) => void;
}

function ConnectorPolicy({ connector, rules, pending, saving, onChange }: ConnectorPolicyProps) {
  const [actions, setActions] = useState<ActionState[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.invoke('actions.list', { connectorId: connector.id }).then(
      (list) => {
        if (!cancelled) setActions(list);
      },
      (err: unknown) => {
        if (!cancelled) setError(adminErrorMessage(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [connector.id]);

  /** The effect shown in a cell: the change being previewed, else the saved rule. */
  const shown = (subject: string, role: Role): Effect => pending.find((p) => p.subject === subject && p.role === role)?.effect ?? ruleOf(rules, subject, role);

  /** What the shown rules mean for one action and role. */
  const outcome = (actionId: string, kind: ActionKind, role: Role): { allowed: boolean; text: string } => {
    if (role === 'viewer' && kind === 'write') return { allowed: false, text: 'Denied: viewers never write' };
    const own = shown(actionId, role);
    if (own !== 'inherit') return { allowed: own === 'allow', text: own === 'allow' ? 'Allowed' : 'Denied' };
    const inherited = shown(connector.id, role);
    return inherited === 'deny' ? { allowed: false, text: `Denied by the ${connector.id} rule` } : { allowed: true, text: 'Allowed' };
  };

  const cell = (subject: string, role: Role, note?: { allowed: boolean; text: string }) => {
    const isPending = pending.some((p) => p.subject === subject && p.role === role);
    const noteId = `policy-note-${subject.replace(/[^a-z0-9_]/g, '-')}-${role}`;
    return (
      <Table.Td key={role}>
        <Stack gap={2}>
          <NativeSelect
            aria-label={`${subject} for ${role}`}
            aria-describedby={note || isPending ? noteId : undefined}
            size="xs"
            w={110}
            value={shown(subject, role)}
            data={EFFECTS}
            disabled={saving}
            onChange={(e) => onChange({ connectorId: connector.id, subject, role, effect: e.currentTarget.value as Effect })}
          />
          {(note || isPending) && (
            <Text size="xs" id={noteId} c={note && !note.allowed ? 'red.9' : undefined}>
              {isPending ? 'Not saved yet. ' : ''}
              {note?.text}
            </Text>
          )}
        </Stack>
      </Table.Td>
    );
  };

  return (
    <Stack gap="sm">
      <Text size="sm"><Prose text={connector.description} /></Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!actions && !error && <Loader size="sm" aria-label={`Loading the actions of ${connector.name}`} />}
      {actions && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" striped>
            <Table.Caption>
              Rules of {connector.name} by role: the first row covers every action of {connector.name} that has no rule of its own.
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Connector or action</Table.Th>
                {ROLE_OPTIONS.map((role) => (
                  <Table.Th scope="col" key={role}>
                    {ROLE_LABELS[role]}
                    {role === 'viewer' && (
                      <Text size="xs" fw={400} component="span" display="block">
                        Never write actions
                      </Text>
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">
                  <Text size="sm" fw={600}>
                    All of {connector.name}
                  </Text>
                  <Text size="xs">
                    <code>{connector.id}</code>
                  </Text>
                </Table.Th>
                {ROLE_OPTIONS.map((role) => cell(connector.id, role))}
              </Table.Tr>
              {actions.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Th scope="row">
                    <Group gap={6}>
                      <Text size="sm" fw={600} component="span">
                        {a.title}
                      </Text>
                      <Badge variant="light" color={a.kind === 'read' ? 'blue' : 'grape'} size="sm">
                        {a.kind}
                      </Badge>
                    </Group>
                    <Text size="xs">
                      <code>{a.id}</code>
                    </Text>
                  </Table.Th>
                  {ROLE_OPTIONS.map((role) => cell(a.id, role, outcome(a.id, a.kind, role)))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function EffectPanel({
  changes,
  previews,
  saving,
  saveError,
  onSave,
  onDiscard,
}: {
  changes: Change[];
  previews: Record<string, Preview>;
  saving: boolean;
  saveError: string | null;
  onSave: () => void;
  onDiscard: (key?: string) => void;
}) {
  const loading = changes.some((c) => previews[keyOf(c)]?.state !== 'ready' && previews[keyOf(c)]?.state !== 'error');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="policy-effect-heading" style={{ borderColor: 'var(--mantine-color-blue-7)' }}>
      <Stack gap="sm">
        <Title order={4} id="policy-effect-heading">
          Pending policy changes
        </Title>
        <Text size="sm">
          {changes.length === 1 ? '1 change is' : `${changes.length} changes are`} not saved yet. Each one's effect is worked out on its own; only actions
          that profiles switched on are counted.
        </Text>
        <ul className="sb-plain-list sb-stack" aria-label="Changes not saved yet" aria-live="polite">
          {changes.map((c) => {
            const key = keyOf(c);
            const preview = previews[key];
            const effects = preview?.state === 'ready' ? preview.effects : null;
            const losers = effects?.filter((e) => e.loses.length > 0) ?? [];
            const gainers = effects?.filter((e) => e.gains.length > 0) ?? [];
            return (
              <li key={key}>
                <Group justify="space-between" align="start" wrap="nowrap">
                  <Stack gap={2}>
                    <Text size="sm">
                      <code>{changeText(c)}</code>
                      {c.effect === 'inherit' ? ' (the rule is removed)' : ''}
                    </Text>
                    {preview?.state === 'loading' && <Loader size="xs" aria-label={`Working out the effect of ${changeText(c)}`} />}
                    {preview?.state === 'error' && (
                      <Text size="sm" c="red.9">
                        {preview.message}
                      </Text>
                    )}
                    {effects && losers.length === 0 && gainers.length === 0 && <Text size="sm">No profile loses or regains an action.</Text>}
                    {losers.length > 0 && (
                      <List size="sm" aria-label={`Profiles that lose actions by ${changeText(c)}`}>
                        {losers.map((e) => (
                          <List.Item key={e.tenantId}>
                            <strong>{e.name}</strong> loses {e.loses.join(', ')}
                          </List.Item>
                        ))}
                      </List>
                    )}
                    {gainers.length > 0 && (
                      <List size="sm" aria-label={`Profiles that regain actions by ${changeText(c)}`}>
                        {gainers.map((e) => (
                          <List.Item key={e.tenantId}>
                            <strong>{e.name}</strong> regains {e.gains.join(', ')}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Stack>
                  <Button size="compact-sm" variant="default" onClick={() => onDiscard(key)} disabled={saving} aria-label={`Undo ${changeText(c)}`}>
                    Undo
                  </Button>
                </Group>
              </li>
            );
          })}
        </ul>
        {saveError && (
          <Alert color="red" role="alert" title="Not saved">
            {saveError}
          </Alert>
        )}
        <Group>
          <Button onClick={onSave} loading={saving} disabled={loading}>
            {changes.length === 1 ? 'Save 1 change' : `Save ${changes.length} changes`}
          </Button>
          <Button variant="default" onClick={() => onDiscard()} disabled={saving}>
            Discard all
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
