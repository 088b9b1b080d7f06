/** One action on a connector page: what it does, its switch, and its "Try it" panel. */
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Switch, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ActionMode } from '../../../shared/limits';
import type { ActionState } from '../../../shared/views';
import { TryAction } from './TryAction';
import { Prose } from './Prose';

interface Props {
  action: ActionState;
  connectorName: string;
  busy: boolean;
  /** The state asked for while the engine answers (so the switch follows the click at once). */
  pendingEnabled?: boolean | undefined;
  tryOpen: boolean;
  onToggle: (enabled: boolean) => void;
  /** How an agent's call of the enabled action runs: ask the owner first, or run. */
  onMode: (mode: ActionMode) => void;
  onTry: () => void;
}

export function ActionItem({ action, connectorName, busy, pendingEnabled, tryOpen, onToggle, onMode, onTry }: Props) {
  const why = !action.allowed
    ? (action.policyReason ?? 'The space policy does not allow this action for your role.')
    : !action.connected
      ? `Connect ${connectorName} to use this action.`
      : undefined;
  const tryId = `try-panel-${action.id.replace(/[^a-z0-9_]/g, '-')}`;
  return (
    <Paper withBorder p="md" component="li">
      <Stack gap="xs">
        <Group justify="space-between" align="start" wrap="nowrap">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={4} size="h5">
                {action.title}
              </Title>
              <Badge variant="light" color={action.kind === 'read' ? 'blue' : 'grape'}>
                {action.kind}
              </Badge>
            </Group>
            <Text size="sm"><Prose text={action.description} /></Text>
            <Text size="xs">
              <code>{action.id}</code> ·{' '}
              <Anchor href={action.docs} target="_blank" rel="noopener noreferrer" size="xs">
                Provider reference<VisuallyHidden> for {action.title}</VisuallyHidden>
              </Anchor>
            </Text>
          </Stack>
          <Switch
            aria-label={`Enable ${action.title}`}
            checked={pendingEnabled ?? action.enabled}
            disabled={busy || !action.connected || !action.allowed}
            onChange={(e) => onToggle(e.currentTarget.checked)}
            description={why}
            labelPosition="left"
            style={{ flex: '0 0 13rem' }}
            styles={{ body: { justifyContent: 'flex-end' } }}
          />
        </Group>
        {action.enabled && (
          <Group gap="sm" align="center">
            <Text size="sm" id={`${tryId}-mode`}>
              When an AI agent calls {action.title}:
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby={`${tryId}-mode`}
              value={action.askRequired ? 'ask' : (action.mode ?? 'ask')}
              disabled={busy || action.askRequired === true}
              onChange={(v) => onMode(v as ActionMode)}
              data={[
                { value: 'ask', label: 'Ask me first' },
                { value: 'allow', label: 'Allow' },
              ]}
            />
            {action.askRequired && <Text size="xs">Your space requires agents to ask before write actions.</Text>}
          </Group>
        )}
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={onTry} aria-expanded={tryOpen} aria-controls={tryOpen ? tryId : undefined}>
            Try {action.title}
          </Button>
        </Group>
        {tryOpen && (
          <div id={tryId}>
            <TryAction action={action} />
          </div>
        )}
      </Stack>
    </Paper>
  );
}
