/** The header of the unlocked app: space, approvals, online state, the profile switcher, and navigation. */
import { Badge, Box, Button, Divider, Group, Popover, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconActivity, IconChevronDown, IconLock, IconLockOpen, IconPlugConnected, IconRobot, IconSettings, IconShieldLock, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../shared/views';
import { useOnline } from '../hooks';
import { ApprovalsCenter } from './Approvals';
import { api } from '../api';
import { lockSession, parkForOther, switchProfile, useApp, type MainScreen, type Screen } from '../store';
import { notifyError } from '../util';
import { TeamSyncBadge } from './TeamSyncBadge';

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

  return (
    <Box component="header" className="sb-header" px="md" pt="sm">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline" wrap="wrap">
          <Title order={1} size="h3">
            Switchboard
          </Title>
          <Text size="sm" fw={600}>
            {session.spaceName}
          </Text>
        </Group>
        <Group gap="sm" align="center" wrap="wrap">
          <ApprovalsCenter />
          <Badge variant="dot" color={online ? 'teal' : 'red'} role="status">
            {online ? 'Online' : 'Offline'}
          </Badge>
          <TeamSyncBadge />
          <ProfileSwitcher session={session} />
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

/**
 * The profile menu, as in a password manager's account switcher: who is shown here, every profile
 * of the space with its lock state in this window, Lock. Choosing a profile unlocked here shows it
 * at once, without its passphrase; choosing a locked one keeps this one unlocked and asks for the
 * other's passphrase. Each unlocked profile keeps its own auto-lock.
 */
function ProfileSwitcher({ session }: { session: SessionInfo }) {
  const profiles = useApp((s) => s.profiles);
  const [opened, setOpened] = useState(false);
  const [unlockedHere, setUnlockedHere] = useState<string[]>([]);
  useEffect(() => {
    if (!opened) return;
    api.invoke('session.unlockedHere').then(setUnlockedHere, () => setUnlockedHere([]));
  }, [opened]);
  const others = profiles.filter((p) => p.id !== session.tenantId);
  const lock = (preselect: string | null) => {
    setOpened(false);
    lockSession(preselect).catch((err: unknown) => notifyError(err, 'Could not lock'));
  };
  const open = (tenantId: string) => {
    setOpened(false);
    const go = unlockedHere.includes(tenantId) ? switchProfile(tenantId) : parkForOther(tenantId);
    go.catch((err: unknown) => notifyError(err, 'Could not switch profile'));
  };
  // A disclosure (a button that shows a panel of buttons), not an ARIA menu: each entry is a plain button.
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withinPortal shadow="md" width={290} trapFocus returnFocus>
      <Popover.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconUserCircle {...TAB_ICON} />}
          rightSection={<IconChevronDown size={14} aria-hidden="true" />}
          aria-label={`Switch profile: ${session.name}, ${session.role}, unlocked`}
          aria-expanded={opened}
          onClick={() => setOpened((o) => !o)}
        >
          {session.name}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap={4} component="section" aria-label={`Profiles of ${session.spaceName}`}>
          <Text size="xs" fw={600} px="xs">
            Profiles of {session.spaceName}
          </Text>
          <Group gap="xs" px="xs" py={4} wrap="nowrap" aria-current="true">
            <IconLockOpen {...TAB_ICON} />
            <Text size="sm" style={{ flex: 1 }}>
              {session.name} (unlocked, this window)
            </Text>
            <Text size="xs">{session.role}</Text>
          </Group>
          {others.map((p) => {
            const here = unlockedHere.includes(p.id);
            return (
              <Button
                key={p.id}
                variant="subtle"
                color="dark"
                justify="flex-start"
                leftSection={here ? <IconLockOpen {...TAB_ICON} /> : <IconLock {...TAB_ICON} />}
                rightSection={<Text size="xs">{p.role}</Text>}
                onClick={() => open(p.id)}
                fullWidth
              >
                {p.name} {here ? '(unlocked, switch without passphrase)' : '(locked)'}
              </Button>
            );
          })}
          <Divider my={4} />
          <Button variant="subtle" color="dark" justify="flex-start" leftSection={<IconLock {...TAB_ICON} />} onClick={() => lock(session.tenantId)} fullWidth>
            Lock {session.name}
          </Button>
          <Button variant="subtle" color="dark" justify="flex-start" leftSection={<IconUsers {...TAB_ICON} />} onClick={() => lock(null)} fullWidth>
            Lock and show all profiles
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
