/** The header of the unlocked app: space, profile, lock buttons, online state, and navigation. */
import { Badge, Box, Button, Code, Group, Tabs, Text, Title } from '@mantine/core';
import { IconActivity, IconLock, IconPlugConnected, IconRobot, IconSettings, IconShieldLock, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SessionInfo } from '../../../shared/views';
import { useOnline } from '../hooks';
import { ApprovalsCenter } from './Approvals';
import { lockSession, useApp, type MainScreen, type Screen } from '../store';
import { copyText, notifyError, notifySuccess } from '../util';

const TAB_ICON = { size: 16, stroke: 1.75, 'aria-hidden': true } as const;
const TABS: { value: MainScreen; label: string; icon: ReactNode }[] = [
  { value: 'connectors', label: 'Connectors', icon: <IconPlugConnected {...TAB_ICON} /> },
  { value: 'activity', label: 'Activity', icon: <IconActivity {...TAB_ICON} /> },
  { value: 'aiClients', label: 'AI clients', icon: <IconRobot {...TAB_ICON} /> },
  { value: 'settings', label: 'Settings', icon: <IconSettings {...TAB_ICON} /> },
];

/** Only admins have the Admin tab; for everyone else it does not exist. */
const ADMIN_TAB: (typeof TABS)[number] = { value: 'admin', label: 'Admin', icon: <IconShieldLock {...TAB_ICON} /> };

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
          <Box>
            <Text size="sm" fw={600}>
              {session.name}
            </Text>
            <Text size="xs">Role: {session.role}</Text>
          </Box>
          <Button variant="default" size="sm" leftSection={<IconUsers {...TAB_ICON} />} onClick={() => lock(null)}>
            Switch profile
          </Button>
          <Button size="sm" leftSection={<IconLock {...TAB_ICON} />} onClick={() => lock(session.tenantId)}>
            Lock
          </Button>
        </Group>
      </Group>
      <Box component="nav" aria-label="Main" mt="sm">
        <Tabs value={tabOf(screen, isAdmin)} onChange={(v) => v && go(v as MainScreen)} activateTabWithKeyboard={false}>
          <Tabs.List>
            {tabs.map((t) => (
              <Tabs.Tab key={t.value} value={t.value} leftSection={t.icon}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </Box>
    </Box>
  );
}
