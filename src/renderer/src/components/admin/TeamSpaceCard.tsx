/**
 * Admin › Space › Team space: publish this space to an empty PostgreSQL database so that other
 * machines can join it (`switchboard space join`), or, once published, its sync state. The
 * password is sent once to the engine, which keeps it in a 0600 file; it is never shown again.
 */
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { TeamStatusView } from '../../../../shared/views';
import { api } from '../../api';
import { notifySuccess } from '../../util';
import { adminErrorMessage } from './admin-util';

export function TeamSpaceCard() {
  const [status, setStatus] = useState<TeamStatusView | null>(null);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [machine, setMachine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.invoke('space.teamStatus').then(setStatus, () => setStatus({ team: false }));
  }, []);

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const published = await api.invoke('admin.publishTeam', { url: url.trim(), ...(password ? { password } : {}), ...(machine.trim() ? { machineName: machine.trim() } : {}) });
      setPassword('');
      setStatus(published);
      notifySuccess('Published: other machines can join this space now.');
    } catch (err) {
      setError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="admin-team-heading">
      <Stack gap="sm" maw={520}>
        <Title order={4} id="admin-team-heading">
          Team space
        </Title>
        {status?.team ? (
          <Text size="sm">
            This space is shared through its team database, as machine {status.machine}.{' '}
            {status.offlineSince ? `Offline since ${new Date(status.offlineSince).toLocaleString()}.` : `Last sync ${status.lastSync ? new Date(status.lastSync).toLocaleString() : 'not yet'}.`} Other machines join
            with <code>switchboard space join</code>.
          </Text>
        ) : (
          <form onSubmit={(e) => void publish(e)} noValidate>
            <Stack gap="sm">
              <Text size="sm">
                Share this space with other machines: its policy, roles, settings, OAuth apps, directory, counters and audit go to an empty PostgreSQL
                database. Vaults stay on their own machine.
              </Text>
              <TextInput label="Database URL" description="postgres://USER@HOST:5432/DATABASE, without the password" value={url} onChange={(e) => setUrl(e.currentTarget.value)} required />
              <PasswordInput label="Database password" description="Kept on this machine in a file only you can read (0600)." value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <TextInput label="This machine's name" description="How this machine is listed (default: its host name)" value={machine} onChange={(e) => setMachine(e.currentTarget.value)} />
              {error && (
                <Alert color="red" role="alert" title="Not published">
                  {error}
                </Alert>
              )}
              <Button type="submit" loading={busy} disabled={!url.trim()}>
                Publish to the team database
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
