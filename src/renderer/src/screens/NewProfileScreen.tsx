/**
 * Create a profile, then show its recovery key once. The key lives only in this component's
 * state and is dropped on Continue.
 *
 * From the lock screen when the space lets anyone create profiles; otherwise by an unlocked admin
 * (or member) for someone else: the engine then switches this window to the new profile, so its
 * owner types the passphrase and stores the recovery key.
 */
import { Alert, Button, Checkbox, Code, Container, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { NewPassphraseFields, passphraseReady } from '../components/NewPassphraseFields';
import { JoinTeamSpace } from '../components/JoinTeamSpace';
import { usePassphraseStrength } from '../hooks';
import { checkLength } from '../../../shared/field-messages';
import { NAME_MAX_LENGTH } from '../../../shared/validation';
import { mayCreateProfile, profileCreationLimitText as creationLimitText } from '../../../shared/limits';
import { useApp, type Screen } from '../store';
import { copyText, downloadText, errorMessage, fileSafe, notifyError, notifySuccess } from '../util';

export function NewProfileScreen() {
  const profiles = useApp((s) => s.profiles);
  const space = useApp((s) => s.space);
  const session = useApp((s) => s.session);
  const go = useApp((s) => s.go);
  const unlocked = useApp((s) => s.unlocked);
  const [name, setName] = useState('');
  // First run only: the space is named here (it is made with the first profile).
  const [spaceName, setSpaceName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; recoveryKey: string } | null>(null);
  const strength = usePassphraseStrength(passphrase, name.trim() ? [name.trim()] : []);
  const ready = name.trim().length > 0 && !checkLength(name.trim(), NAME_MAX_LENGTH) && !checkLength(spaceName.trim(), NAME_MAX_LENGTH) && passphraseReady(passphrase, repeat, strength);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      const isFirst = useApp.getState().profiles.length === 0;
      const result = await api.invoke('profiles.create', { name: name.trim(), passphrase });
      setPassphrase('');
      setRepeat('');
      setCreated({ name: result.name, recoveryKey: result.recoveryKey });
      unlocked(result.session);
      // The first profile is the space's admin: it names the space it just made.
      const wanted = spaceName.trim();
      if (isFirst && wanted && wanted !== result.session.spaceName) {
        try {
          const next = await api.invoke('admin.setSpaceSettings', { name: wanted });
          useApp.getState().spaceChanged({ name: next.name, profileCreation: next.profileCreation });
        } catch (err) {
          notifyError(err, 'The space keeps its first name; rename it in Admin › Space');
        }
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <RecoveryKey
        name={created.name}
        recoveryKey={created.recoveryKey}
        onContinue={() => {
          setCreated(null);
          const { session } = useApp.getState();
          void useApp.getState().refreshProfiles().catch(() => undefined);
          go(session ? 'connectors' : 'profiles');
        }}
      />
    );
  }

  const first = profiles.length === 0;
  // Where Back leads: the admin dashboard this was opened from, or the lock screen.
  const back: { screen: Screen; label: string } = !session
    ? { screen: 'profiles', label: 'Back to profiles' }
    : session.role === 'admin'
      ? { screen: 'admin', label: 'Back to Admin' }
      : { screen: 'connectors', label: 'Back' };
  // While a create is on its way the engine may already have switched the session to the new profile.
  const allowed = busy || first || !space || mayCreateProfile(space.profileCreation, session?.role ?? null);
  if (!allowed) {
    return (
      <Container size="xs" py="xl" component="main">
        <Stack>
          <Stack gap={2}>
            <Text size="sm" fw={600} tt="uppercase" c="gray.7">
              Switchboard{space ? ` · ${space.name}` : ''}
            </Text>
            <Title order={1}>New profile</Title>
          </Stack>
          <Alert color="blue" title="Not from here">
            {creationLimitText(space.profileCreation)}
          </Alert>
          <Group>
            <Button variant="default" onClick={() => go(back.screen)}>
              {back.label}
            </Button>
          </Group>
        </Stack>
      </Container>
    );
  }

  return (
    <Container size="xs" py="xl" component="main">
      <form onSubmit={(e) => void create(e)} noValidate>
        <Stack>
          <Stack gap={2}>
            <Text size="sm" fw={600} tt="uppercase" c="gray.7">
              Switchboard{space ? ` · ${space.name}` : ''}
            </Text>
            <Title order={1}>{first ? 'Set up Switchboard' : 'New profile'}</Title>
          </Stack>
          {first && space?.team ? (
            <Text size="sm">Create your profile on this machine. It joins the team space as a member; its admins manage roles.</Text>
          ) : first ? (
            <Stack gap="xs">
              <Title order={2} size="h3">
                Welcome to Switchboard
              </Title>
              <Text size="sm">
                Switchboard connects your tools (Slack, GitHub, Notion and more) to you and your AI agents, on this computer. Everyone who uses
                it here has a profile: an encrypted vault with their own connections, settings and activity, opened with their own passphrase.
              </Text>
              <Text size="sm">
                The profiles of this computer share a <strong>space</strong>: one catalog of connectors and one policy. Name it, then create
                your profile. <strong>This first profile becomes the space’s admin</strong>: it decides what each role may use and can add or
                remove profiles. An admin never sees what is inside another profile.
              </Text>
            </Stack>
          ) : (
            <Text size="sm">Your profile gets its own encrypted vault for your connections, enabled actions and activity.</Text>
          )}
          {first && !session && !space?.team && (
            <TextInput
              label="Space name"
              description="Who shares this computer's Switchboard, e.g. your team or your household. You can rename it later in Admin › Space."
              placeholder="My space"
              value={spaceName}
              onChange={(e) => setSpaceName(e.currentTarget.value)}
              error={checkLength(spaceName.trim(), NAME_MAX_LENGTH)}
            />
          )}
          {session && (
            <Alert color="blue" title={`Creating a profile as ${session.name}`}>
              Let the new profile’s owner type its name and passphrase. Once it is created, this window switches to the new profile and your
              profile {session.name} locks; the owner then stores the recovery key.
            </Alert>
          )}
          <TextInput label="Profile name" autoComplete="username" value={name} onChange={(e) => setName(e.currentTarget.value)} error={checkLength(name.trim(), NAME_MAX_LENGTH)} />
          <NewPassphraseFields
            label="Passphrase"
            repeatLabel="Repeat passphrase"
            value={passphrase}
            repeat={repeat}
            strength={strength}
            onChange={setPassphrase}
            onRepeatChange={setRepeat}
          />
          <Text size="sm">Nobody can reset your passphrase for you: only the recovery key shown next can.</Text>
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit" disabled={!ready} loading={busy}>
              Create profile
            </Button>
            {!first && (
              <Button variant="default" onClick={() => go(back.screen)} disabled={busy}>
                {back.label}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {/* A machine with no space yet may instead join one that an admin published. */}
      {!space && !session && (
        <Stack mt="xl">
          <JoinTeamSpace />
        </Stack>
      )}
    </Container>
  );
}

function RecoveryKey({ name, recoveryKey, onContinue }: { name: string; recoveryKey: string; onContinue: () => void }) {
  const [stored, setStored] = useState(false);
  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Title order={1}>Your recovery key</Title>
        <Text>
          The profile <strong>{name}</strong> is ready. This key is the only way back into it if you forget your passphrase. It is shown
          once: Switchboard does not keep it.
        </Text>
        <Paper withBorder p="md">
          <Code block className="sb-recovery-key">
            {recoveryKey}
          </Code>
        </Paper>
        <Group>
          <Button
            variant="default"
            onClick={() =>
              void copyText(recoveryKey).then((ok) =>
                ok ? notifySuccess('The recovery key is on the clipboard. Paste it somewhere safe, then clear the clipboard.') : notifyError(new Error('Copying is not allowed here: select the key and copy it, or save it to a file.')),
              )
            }
          >
            Copy
          </Button>
          <Button variant="default" onClick={() => downloadText(`switchboard-recovery-key-${fileSafe(name)}.txt`, `Switchboard recovery key for ${name}\n\n${recoveryKey}\n`)}>
            Save to file
          </Button>
        </Group>
        <Text size="sm">Keep it offline: printed, or in a password manager. Anyone with it can set a new passphrase for this profile.</Text>
        <Checkbox label="I have stored my recovery key safely" checked={stored} onChange={(e) => setStored(e.currentTarget.checked)} />
        <Group>
          <Button onClick={onContinue} disabled={!stored}>
            Continue
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
