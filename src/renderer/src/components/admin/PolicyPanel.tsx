/**
 * Admin › Policy: allow or deny each connector and each action per role. A change is not saved at
 * once: its effect on the tenants (who loses or regains which enabled action) shows first.
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

export function PolicyPanel() {
  const catalog = useApp((s) => s.catalog);
  const setCatalog = useApp((s) => s.setCatalog);
  const [rules, setRules] = useState<PolicyRuleView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const [pending, setPending] = useState<Change | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  /** Only the newest preview request may set the preview (a select can change several times quickly). */
  const previewSeq = useRef(0);

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

  const cancel = () => {
    previewSeq.current += 1;
    setPending(null);
    setPreview(null);
    setSaveError(null);
  };

  const change = (next: Change) => {
    if (!rules) return;
    setSaveError(null);
    if (next.effect === ruleOf(rules, next.subject, next.role)) {
      cancel();
      return;
    }
    const seq = ++previewSeq.current;
    setPending(next);
    setPreview({ state: 'loading' });
    api.invoke('admin.previewPolicy', { subject: next.subject, role: next.role, effect: next.effect }).then(
      (effects) => {
        if (seq === previewSeq.current) setPreview({ state: 'ready', effects });
      },
      (err: unknown) => {
        if (seq === previewSeq.current) setPreview({ state: 'error', message: adminErrorMessage(err) });
      },
    );
  };

  const save = async () => {
    if (!pending || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const list = await api.invoke('admin.setPolicy', { subject: pending.subject, role: pending.role, effect: pending.effect });
      setRules(list);
      notifySuccess(`Saved: ${changeText(pending)}. It applies to every profile's next call.`, 'Policy saved');
      previewSeq.current += 1;
      setPending(null);
      setPreview(null);
    } catch (err) {
      setSaveError(adminErrorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const onAccordion = (value: string[]) => {
    setOpened(value);
    // A change whose connector is folded away would be out of sight: drop it.
    if (pending && !value.includes(pending.connectorId)) cancel();
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
      {catalog && rules && (
        // No height animation: a panel's content grows after it opens (its actions load, the effect panel shows).
        <Accordion multiple value={opened} onChange={onAccordion} variant="separated" chevronPosition="left" transitionDuration={0}>
          {catalog.map((c) => {
            const count = rules.filter((r) => r.subject === c.id || r.subject.startsWith(`${c.id}.`)).length;
            return (
              <Accordion.Item key={c.id} value={c.id}>
                <Accordion.Control>
                  <Group gap="sm" wrap="nowrap">
                    <ConnectorIcon connector={c} />
                    <Text fw={600} component="span">
                      {c.name}
                    </Text>
                    <Text size="sm" component="span">
                      {count === 0 ? 'no rules' : count === 1 ? '1 rule' : `${count} rules`}
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {opened.includes(c.id) && (
                    <ConnectorPolicy
                      connector={c}
                      rules={rules}
                      pending={pending?.connectorId === c.id ? pending : null}
                      preview={preview}
                      saving={saving}
                      saveError={saveError}
                      onChange={change}
                      onSave={() => void save()}
                      onCancel={cancel}
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
  pending: Change | null;
  preview: Preview | null;
  saving: boolean;
  saveError: string | null;
  onChange: (change: Change) => void;
  onSave: () => void;
  onCancel: () => void;
}

function ConnectorPolicy({ connector, rules, pending, preview, saving, saveError, onChange, onSave, onCancel }: ConnectorPolicyProps) {
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
  const shown = (subject: string, role: Role): Effect =>
    pending && pending.subject === subject && pending.role === role ? pending.effect : ruleOf(rules, subject, role);

  /** What the shown rules mean for one action and role. */
  const outcome = (actionId: string, kind: ActionKind, role: Role): { allowed: boolean; text: string } => {
    if (role === 'viewer' && kind === 'write') return { allowed: false, text: 'Denied: viewers never write' };
    const own = shown(actionId, role);
    if (own !== 'inherit') return { allowed: own === 'allow', text: own === 'allow' ? 'Allowed' : 'Denied' };
    const inherited = shown(connector.id, role);
    return inherited === 'deny' ? { allowed: false, text: `Denied by the ${connector.id} rule` } : { allowed: true, text: 'Allowed' };
  };

  const cell = (subject: string, role: Role, note?: { allowed: boolean; text: string }) => {
    const isPending = pending?.subject === subject && pending.role === role;
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
      {pending && <EffectPanel change={pending} preview={preview} saving={saving} saveError={saveError} onSave={onSave} onCancel={onCancel} />}
    </Stack>
  );
}

function EffectPanel({
  change,
  preview,
  saving,
  saveError,
  onSave,
  onCancel,
}: {
  change: Change;
  preview: Preview | null;
  saving: boolean;
  saveError: string | null;
  onSave: () => void;
  onCancel: () => void;
}) {
  const effects = preview?.state === 'ready' ? preview.effects : null;
  const losers = effects?.filter((e) => e.loses.length > 0) ?? [];
  const gainers = effects?.filter((e) => e.gains.length > 0) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="policy-effect-heading" style={{ borderColor: 'var(--mantine-color-blue-7)' }}>
      <Stack gap="sm">
        <Title order={4} id="policy-effect-heading">
          Effect of this change
        </Title>
        <Text size="sm">
          Change: <code>{changeText(change)}</code>
          {change.effect === 'inherit' ? ' (the rule is removed)' : ''}. Only actions that profiles switched on are counted.
        </Text>
        <div aria-live="polite">
          {preview?.state === 'loading' && <Loader size="sm" aria-label="Working out the effect" />}
          {preview?.state === 'error' && (
            <Alert color="red" role="alert">
              {preview.message}
            </Alert>
          )}
          {effects && (
            <Stack gap="xs">
              {losers.length === 0 ? (
                <Text size="sm">No profile loses an action.</Text>
              ) : (
                <List size="sm" aria-label="Profiles that lose actions">
                  {losers.map((e) => (
                    <List.Item key={e.tenantId}>
                      <strong>{e.name}</strong> loses {e.loses.join(', ')}
                    </List.Item>
                  ))}
                </List>
              )}
              {gainers.length > 0 && (
                <List size="sm" aria-label="Profiles that regain actions">
                  {gainers.map((e) => (
                    <List.Item key={e.tenantId}>
                      <strong>{e.name}</strong> regains {e.gains.join(', ')}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          )}
        </div>
        {saveError && (
          <Alert color="red" role="alert" title="Not saved">
            {saveError}
          </Alert>
        )}
        <Group>
          <Button onClick={onSave} loading={saving} disabled={preview?.state === 'loading'}>
            Save policy change
          </Button>
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
