/**
 * The first-run screen's "Join a team space": bring a space published by its admin onto this
 * machine from its database (URL without a password, the password apart, optionally the space key
 * the admin's `space status` shows). Then the person creates their profile here as usual.
 */
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useApp } from '../store';
import { errorMessage, notifySuccess } from '../util';

export function JoinTeamSpace() {
  const refreshProfiles = useApp((s) => s.refreshProfiles);
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [spaceKey, setSpaceKey] = useState('');
  const [machine, setMachine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <Button variant="default" onClick={() => setOpen(true)}>
        Join a team space
      </Button>
    );
  }

  const join = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await api.invoke('space.join', {
        url: url.trim(),
        ...(password ? { password } : {}),
        ...(spaceKey.trim() ? { spaceKey: spaceKey.trim() } : {}),
        ...(machine.trim() ? { machineName: machine.trim() } : {}),
      });
      setPassword('');
      await refreshProfiles();
      notifySuccess(`Joined ${joined.name}. Create your profile in it now.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="join-team-heading">
      <form onSubmit={(e) => void join(e)} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="join-team-heading">
            Join a team space
          </Title>
          <Text size="sm">Your admin published the space to a team database. Your vault stays on this machine.</Text>
          <TextInput label="Team database URL" description="postgres://USER@HOST:5432/DATABASE, without the password" value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
          <PasswordInput label="Team database password" description="Kept on this machine in a file only you can read (0600)." value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <TextInput label="Space key (from your admin)" description="Optional: refuses any other space" value={spaceKey} onChange={(e) => setSpaceKey(e.currentTarget.value)} />
          <TextInput label="Name of this machine" description="How this machine is listed (default: its host name)" value={machine} onChange={(e) => setMachine(e.currentTarget.value)} />
          {error && (
            <Alert color="red" role="alert" title="Not joined">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!url.trim()}>
            Join
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
