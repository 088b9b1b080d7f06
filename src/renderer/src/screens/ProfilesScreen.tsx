/** The lock screen: pick your profile, enter its passphrase. */
import { Alert, Badge, Button, Container, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { mayCreateProfile, profileCreationLimitText as creationLimitText } from '../../../shared/limits';
import { useApp } from '../store';
import { lockoutUntil, useCountdown } from '../hooks';
import { errorCode, errorMessage, formatCountdown } from '../util';

export function ProfilesScreen() {
  const space = useApp((s) => s.space);
  const profiles = useApp((s) => s.profiles);
  const notice = useApp((s) => s.notice);
  const preselect = useApp((s) => s.preselectTenantId);
  const go = useApp((s) => s.go);
  const unlocked = useApp((s) => s.unlocked);
  const [selected, setSelected] = useState<string | null>(preselect);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A lockout per profile: the time its next attempt may come, counted down on screen.
  const lockouts = useApp((s) => s.lockouts);
  const field = useRef<HTMLInputElement>(null);
  const tenant = profiles.find((p) => p.id === selected);
  const wait = useCountdown(tenant ? (lockouts[`passphrase:${tenant.id}`] ?? null) : null);
  // The first profile can always be created; after that, the space may keep it to unlocked admins or members.
  const canCreate = !space || profiles.length === 0 || mayCreateProfile(space.profileCreation, null);

  useEffect(() => {
    if (tenant) field.current?.focus();
  }, [tenant]);

  // Quick unlock: offered when this device's keychain holds a key for the chosen profile (desktop app only).
  const [quick, setQuick] = useState(false);
  useEffect(() => {
    setQuick(false);
    if (!tenant) return;
    let current = true;
    api.invoke('quickUnlock.status', { tenantId: tenant.id }).then(
      (s) => current && setQuick(s.enabled),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [tenant]);

  const quickUnlock = async () => {
    if (!tenant || busy) return;
    setBusy(true);
    setError(null);
    try {
      unlocked(await api.invoke('quickUnlock.unlock', { tenantId: tenant.id }), 'connectors');
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const choose = (id: string) => {
    setSelected(id);
    setPassphrase('');
    setError(null);
    // The field exists once any profile is selected; the first time, it appears on the next render.
    if (field.current) field.current.focus();
    else setTimeout(() => field.current?.focus(), 0);
  };

  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    if (!tenant || busy) return;
    if (passphrase.length === 0) {
      setError('Enter your passphrase.');
      return;
    }
    if (wait > 0) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.invoke('session.unlock', { tenantId: tenant.id, passphrase });
      setPassphrase('');
      unlocked(session, 'connectors');
    } catch (err) {
      const until = lockoutUntil(err);
      if (until !== null) useApp.getState().setLockout(`passphrase:${tenant.id}`, until);
      // The lockout's wait is the countdown below; the message keeps only what else it says.
      setError(errorCode(err) === 'LOCKED_OUT' ? 'Too many wrong attempts for this profile.' : errorMessage(err).replace(/ Too many wrong attempts: wait [^.]+ before the next try\./, ' Too many wrong attempts.'));
      setBusy(false);
      // The passphrase stays, selected, so it can be corrected or typed over.
      setTimeout(() => field.current?.select(), 0);
    }
  };

  return (
    <Container size="xs" py="xl" component="main">
      <Stack>
        <Stack gap={2}>
          <Text size="sm" fw={600} tt="uppercase" c="gray.7">
            Switchboard
          </Text>
          <Title order={1}>Profiles</Title>
          <Text>{space ? <>Space: {space.name}</> : 'No space yet'}</Text>
        </Stack>
        {notice && (
          <Alert color="blue" role="status" title="Done">
            {notice}
          </Alert>
        )}
        <Text size="sm">Choose your profile. Each profile has its own encrypted vault and its own passphrase.</Text>
        <ul className="sb-plain-list sb-stack" aria-label="Profiles">
          {profiles.map((p) => (
            <li key={p.id}>
              <Group gap="xs" wrap="nowrap">
                <Button
                  variant={p.id === selected ? 'filled' : 'default'}
                  aria-pressed={p.id === selected}
                  onClick={() => choose(p.id)}
                  fullWidth
                  justify="flex-start"
                >
                  {p.name}
                </Button>
                <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                  {p.role}
                </Badge>
              </Group>
            </li>
          ))}
        </ul>
        {tenant && (
          <Paper withBorder p="md">
            <form onSubmit={(e) => void unlock(e)} noValidate>
              <Stack gap="sm">
                <Text fw={600}>Unlock {tenant.name}</Text>
                <PasswordInput
                  ref={field}
                  label="Passphrase"
                  autoComplete="current-password"
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.currentTarget.value)}
                  error={error ? true : undefined}
                  aria-describedby={error ? 'unlock-error' : undefined}
                />
                {error && (
                  <Alert color="red" id="unlock-error">
                    {error}
                  </Alert>
                )}
                {wait > 0 && (
                  <Text size="sm" id="unlock-wait">
                    Unlocking is paused. Try again in <span role="timer" aria-label={`${Math.ceil(wait / 1000)} seconds`}>{formatCountdown(wait)}</span>. You can reset the passphrase with your recovery key meanwhile.
                  </Text>
                )}
                <Group>
                  <Button type="submit" loading={busy} disabled={wait > 0} aria-describedby={wait > 0 ? 'unlock-wait' : undefined}>
                    Unlock
                  </Button>
                  {quick && (
                    <Button variant="light" onClick={() => void quickUnlock()} disabled={busy}>
                      Unlock with this device
                    </Button>
                  )}
                </Group>
              </Stack>
            </form>
          </Paper>
        )}
        {!canCreate && (
          <Text size="sm">
            {creationLimitText(space!.profileCreation)}
          </Text>
        )}
        <Group>
          {canCreate && (
            <Button variant="light" onClick={() => go('newProfile')}>
              New profile
            </Button>
          )}
          <Button
            variant="subtle"
            onClick={() => {
              useApp.setState({ preselectTenantId: selected });
              go('forgot');
            }}
          >
            Forgot passphrase
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
