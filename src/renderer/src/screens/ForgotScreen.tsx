/** Set a new passphrase with the recovery key shown when the profile was created. */
import { Alert, Button, Container, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { NewPassphraseFields, passphraseReady } from '../components/NewPassphraseFields';
import { lockoutUntil, useCountdown, usePassphraseStrength } from '../hooks';
import { useApp } from '../store';
import { errorCode, errorMessage, formatCountdown } from '../util';

export function ForgotScreen() {
  const profiles = useApp((s) => s.profiles);
  const preselect = useApp((s) => s.preselectTenantId);
  const go = useApp((s) => s.go);
  const [tenantId, setTenantId] = useState(() => (profiles.some((p) => p.id === preselect) ? preselect! : (profiles[0]?.id ?? '')));
  const [recoveryKey, setRecoveryKey] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lockouts = useApp((s) => s.lockouts);
  const tenant = profiles.find((p) => p.id === tenantId);
  const strength = usePassphraseStrength(next, tenant ? [tenant.name] : []);
  const wait = useCountdown(tenant ? (lockouts[`recovery:${tenant.id}`] ?? null) : null);
  const ready = wait === 0 && tenant !== undefined && recoveryKey.trim().length > 0 && passphraseReady(next, repeat, strength);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!tenant || busy) return;
    if (recoveryKey.trim() === '') {
      setError('Enter the recovery key you stored when you created the profile.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('session.recover', { tenantId: tenant.id, recoveryKey: recoveryKey.trim(), newPassphrase: next });
      setRecoveryKey('');
      setNext('');
      setRepeat('');
      useApp.setState({
        screen: 'profiles',
        preselectTenantId: tenant.id,
        notice: `The passphrase of ${tenant.name} is reset. Unlock with the new passphrase; your recovery key keeps working.`,
      });
    } catch (err) {
      // Every field keeps what was typed: a mistyped group of the key is corrected, not retyped whole.
      const until = lockoutUntil(err);
      if (until !== null) useApp.getState().setLockout(`recovery:${tenant.id}`, until);
      setError(errorCode(err) === 'LOCKED_OUT' ? 'Too many wrong recovery keys for this profile.' : errorMessage(err).replace(/ Too many wrong attempts: wait [^.]+ before the next try\./, ' Too many wrong attempts.'));
      setBusy(false);
    }
  };

  return (
    <Container size="xs" py="xl" component="main">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Title order={1}>Forgot passphrase</Title>
          <Text size="sm">
            Use the recovery key you stored when you created the profile to set a new passphrase. Without it, nobody can open the profile.
          </Text>
          <NativeSelect
            label="Profile"
            value={tenantId}
            onChange={(e) => {
              setTenantId(e.currentTarget.value);
              setError(null);
            }}
            data={profiles.map((p) => ({ value: p.id, label: p.name }))}
          />
          <TextInput
            label="Recovery key"
            description="13 groups of four letters and digits. Dashes and spaces do not matter."
            autoComplete="off"
            spellCheck={false}
            ff="monospace"
            value={recoveryKey}
            onChange={(e) => setRecoveryKey(e.currentTarget.value)}
          />
          <NewPassphraseFields
            label="New passphrase"
            repeatLabel="Repeat new passphrase"
            value={next}
            repeat={repeat}
            strength={strength}
            onChange={setNext}
            onRepeatChange={setRepeat}
          />
          {error && <Alert color="red">{error}</Alert>}
          {wait > 0 && (
            <Text size="sm">
              Resetting is paused. Try again in <span role="timer" aria-label={`${Math.ceil(wait / 1000)} seconds`}>{formatCountdown(wait)}</span>.
            </Text>
          )}
          <Group>
            <Button type="submit" disabled={!ready} loading={busy}>
              Reset passphrase
            </Button>
            <Button variant="default" onClick={() => go('profiles')}>
              Back to profiles
            </Button>
          </Group>
        </Stack>
      </form>
    </Container>
  );
}
