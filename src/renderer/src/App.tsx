/** The window: which screen shows follows the store; the engine's `session` events keep it honest. */
import { Alert, Button, Center, Container, Loader, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { useEngineEvent } from './hooks';
import { ActivityScreen } from './screens/ActivityScreen';
import { AdminScreen } from './screens/AdminScreen';
import { AiClientsScreen } from './screens/AiClientsScreen';
import { ConnectorScreen } from './screens/ConnectorScreen';
import { ConnectorsScreen } from './screens/ConnectorsScreen';
import { ForgotScreen } from './screens/ForgotScreen';
import { NewProfileScreen } from './screens/NewProfileScreen';
import { ProfilesScreen } from './screens/ProfilesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { useApp } from './store';
import { notifyInfo, setVaultLockedHandler } from './util';

const LOCK_REASONS: Record<string, string> = {
  idle: 'You were away longer than the auto-lock time. Unlock to continue.',
  system: 'The computer went to sleep or its screen locked. Unlock to continue.',
  deleted: 'The profile was deleted.',
  shutdown: 'Switchboard is shutting down.',
  manual: 'The profile was locked in another window. Unlock to continue.',
};

export function App() {
  const screen = useApp((s) => s.screen);
  const session = useApp((s) => s.session);
  const connectorId = useApp((s) => s.connectorId);
  const loadError = useApp((s) => s.loadError);

  useEffect(() => {
    void useApp.getState().init();
    // A call that finds the vault locked means this window missed the lock: follow it.
    setVaultLockedHandler(() => {
      const state = useApp.getState();
      if (!state.session || state.quietLock) return;
      state.locked({ preselect: state.session.tenantId });
      notifyInfo('Your profile is locked. Unlock it to continue.', 'Locked');
    });
    return () => setVaultLockedHandler(null);
  }, []);

  useEngineEvent('session', (event) => {
    const state = useApp.getState();
    if (event.state === 'unlocked') {
      if (state.session?.tenantId !== event.session.tenantId || state.session.role !== event.session.role) {
        // Unlocked elsewhere (another tab of the same launch): leave the lock screen too.
        state.unlocked(event.session, state.screen === 'profiles' ? 'connectors' : undefined);
      }
      return;
    }
    // Our own Lock / Switch profile already forgot the session; a switch is followed by an unlock.
    if (!state.session || event.reason === 'switched' || state.quietLock) return;
    state.locked({ preselect: state.session.tenantId });
    notifyInfo(LOCK_REASONS[event.reason] ?? 'Unlock your profile again to continue.', `Locked: ${event.reason}`);
  });

  if (loadError) {
    return (
      <Container size="xs" py="xl" component="main">
        <Stack>
          <Title order={1}>Switchboard</Title>
          <Alert color="red" title="Switchboard could not start">
            {loadError}
          </Alert>
          <Button onClick={() => void useApp.getState().init()}>Try again</Button>
        </Stack>
      </Container>
    );
  }

  switch (screen) {
    case 'loading':
      return (
        <Center component="main" h="100vh">
          <Loader aria-label="Loading Switchboard" />
        </Center>
      );
    case 'profiles':
      return <ProfilesScreen />;
    case 'newProfile':
      return <NewProfileScreen />;
    case 'forgot':
      return <ForgotScreen />;
  }

  if (!session) return <ProfilesScreen />;
  return (
    <>
      <AppHeader key={`header-${session.tenantId}`} session={session} />
      {/* Keyed by the profile: a switch remounts every screen, so nothing one profile loaded shows in another's. */}
      <Container key={session.tenantId} size="lg" py="md" component="main">
        {screen === 'connectors' && <ConnectorsScreen />}
        {screen === 'connector' && connectorId && <ConnectorScreen key={connectorId} connectorId={connectorId} />}
        {screen === 'activity' && <ActivityScreen />}
        {screen === 'aiClients' && <AiClientsScreen />}
        {screen === 'settings' && <SettingsScreen />}
        {screen === 'admin' && (session.role === 'admin' ? <AdminScreen /> : <ConnectorsScreen />)}
      </Container>
    </>
  );
}
