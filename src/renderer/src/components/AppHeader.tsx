/** The header of the unlocked app: space, profile, lock buttons, online state, and navigation. */
import { Badge, Box, Button, Code, Group, Tabs, Text, Title } from '@mantine/core';
import type { SessionInfo } from '../../../shared/views';
import { useOnline } from '../hooks';
import { ApprovalsCenter } from './Approvals';
import { lockSession, useApp, type MainScreen, type Screen } from '../store';
import { copyText, notifyError, notifySuccess } from '../util';
import { TeamSyncBadge } from './TeamSyncBadge';

const TABS: { value: MainScreen; label: string }[] = [
  { value: 'connectors', label: 'Connectors' },
  { value: 'activity', label: 'Activity' },
  { value: 'aiClients', label: 'AI clients' },
  { value: 'settings', label: 'Settings' },
];

/** Only admins have the Admin tab; for everyone else it does not exist. */
const ADMIN_TAB: { value: MainScreen; label: string } = { value: 'admin', label: 'Admin' };

function tabOf(screen: Screen, isAdmin: boolean): MainScreen {
  if (screen === 'admin') return isAdmin ? 'admin' : 'connectors';
  return screen === 'activity' || screen === 'aiClients' || screen === 'settings' ? screen : 'connectors';
}

export function AppHeader({ session }: { session: SessionInfo }) {
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const online = useOnline();
  const isAdmin = session.role === 'admin';
  const tabs = isAdmin ? [...TABS, ADMIN_TAB] : TABS;

  const lock = (preselect: string | null) => {
    lockSession(preselect).catch((err: unknown) => notifyError(err, 'Could not lock'));
  };

  return (
    <Box component="header" className="sb-header" px="md" pt="sm">
      <Group justify="space-between" align="start" wrap="wrap" gap="sm">
        <Group gap="lg" align="center" wrap="wrap">
          <Title order={1} size="h3">
            Switchboard
          </Title>
          <Box>
            <Text size="sm" fw={600}>
              {session.spaceName}
            </Text>
            <Group gap={6} wrap="nowrap">
              <Text size="xs">
                Space ID
              </Text>
              <Code>{session.spaceId}</Code>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() =>
                  void copyText(session.spaceId).then((ok) =>
                    ok ? notifySuccess('Space ID copied.') : notifyError(new Error('Copying is not allowed here: select the ID and copy it.')),
                  )
                }
              >
                Copy space ID
              </Button>
            </Group>
          </Box>
        </Group>
        <Group gap="sm" align="center" wrap="wrap">
          <ApprovalsCenter />
          <Badge variant="dot" color={online ? 'teal' : 'red'} role="status">
            {online ? 'Online' : 'Offline'}
          </Badge>
          <TeamSyncBadge />
          <Box>
            <Text size="sm" fw={600}>
              {session.name}
            </Text>
            <Text size="xs">Role: {session.role}</Text>
          </Box>
          <Button variant="default" size="sm" onClick={() => lock(null)}>
            Switch profile
          </Button>
          <Button size="sm" onClick={() => lock(session.tenantId)}>
            Lock
          </Button>
        </Group>
      </Group>
      <Box component="nav" aria-label="Main" mt="sm">
        <Tabs value={tabOf(screen, isAdmin)} onChange={(v) => v && go(v as MainScreen)} activateTabWithKeyboard={false}>
          <Tabs.List>
            {tabs.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </Box>
    </Box>
  );
}
