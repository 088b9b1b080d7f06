/**
 * Admin › Space: the space's name, the auto-lock time new profiles start with, who may create
 * profiles, and the OAuth apps every profile's OAuth sign-in uses. A client secret goes in and is
 * never shown again: the listing only says whether one is set.
 */
import { Alert, Button, Code, Group, Loader, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { checkLength } from '../../../../shared/field-messages';
import { AUTO_LOCK_MINUTES, inRange, rangeText, type ProfileCreation } from '../../../../shared/limits';
import { NAME_MAX_LENGTH as NAME_MAX } from '../../../../shared/validation';
import type { ConnectorView, OAuthClientView, SpaceSettingsView } from '../../../../shared/views';
import { api } from '../../api';
import { useApp } from '../../store';
import { copyText, notifyError, notifyInfo, notifySuccess } from '../../util';
import { adminErrorMessage } from './admin-util';
import { TeamSpaceCard } from './TeamSpaceCard';

const PROFILE_CREATION_OPTIONS: { value: ProfileCreation; label: string }[] = [
  { value: 'anyone', label: 'Anyone, from the lock screen' },
  { value: 'members', label: 'Admins and members, while unlocked' },
  { value: 'admins', label: 'Admins only, while unlocked' },
];

export function SpacePanel() {
  return (
    <Stack component="section" aria-labelledby="admin-space-heading">
      <Title order={3} id="admin-space-heading">
        Space settings
      </Title>
      <Text size="sm">
        Settings that apply to the whole space: its name, the auto-lock time new profiles start with, and who may create a profile on this
        machine. Every change is recorded in the audit trail.
      </Text>
      <SpaceId />
      <SpaceSettingsForm />
      <OAuthApps />
      <TeamSpaceCard />
    </Stack>
  );
}

/** The space's ID, for support and for a team space's set-up; it moved here from every window's header. */
function SpaceId() {
  const spaceId = useApp((s) => s.session?.spaceId ?? '');
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={600}>
        Space ID
      </Text>
      <Code>{spaceId}</Code>
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={() =>
          void copyText(spaceId).then((ok) => (ok ? notifySuccess('Space ID copied.') : notifyError(new Error('Copying is not allowed here: select the ID and copy it.'))))
        }
      >
        Copy space ID
      </Button>
    </Group>
  );
}

function SpaceSettingsForm() {
  const spaceChanged = useApp((s) => s.spaceChanged);
  const [saved, setSaved] = useState<SpaceSettingsView | null>(null);
  const [name, setName] = useState('');
  const [autoLock, setAutoLock] = useState<number | string>('');
  const [creation, setCreation] = useState<ProfileCreation>('anyone');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = useCallback((s: SpaceSettingsView) => {
    setSaved(s);
    setName(s.name);
    setAutoLock(s.defaultAutoLockMinutes);
    setCreation(s.profileCreation);
  }, []);

  useEffect(() => {
    api.invoke('admin.spaceSettings').then(show, (err: unknown) => setLoadError(adminErrorMessage(err)));
  }, [show]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!saved || busy) return;
    setError(null);
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      setError('Give the space a name.');
      return;
    }
    if (checkLength(trimmed, NAME_MAX)) return;
    if (!inRange(autoLock, AUTO_LOCK_MINUTES)) {
      setError(`Enter the default auto-lock as a whole number of minutes, from ${rangeText(AUTO_LOCK_MINUTES)}.`);
      return;
    }
    // Only what changed is sent: each change is its own audit entry.
    const patch: { name?: string; defaultAutoLockMinutes?: number; profileCreation?: ProfileCreation } = {};
    if (trimmed !== saved.name) patch.name = trimmed;
    if (autoLock !== saved.defaultAutoLockMinutes) patch.defaultAutoLockMinutes = autoLock;
    if (creation !== saved.profileCreation) patch.profileCreation = creation;
    if (Object.keys(patch).length === 0) {
      notifyInfo('Nothing changed: the space settings are as saved.');
      return;
    }
    setBusy(true);
    try {
      const next = await api.invoke('admin.setSpaceSettings', patch);
      show(next);
      spaceChanged({ name: next.name, profileCreation: next.profileCreation });
      notifySuccess('Space settings saved.', 'Saved');
    } catch (err) {
      setError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <Alert color="red" role="alert" title="Could not load the space settings">
        {loadError}
      </Alert>
    );
  }
  if (!saved) return <Loader aria-label="Loading the space settings" />;

  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Stack gap="sm" maw={520}>
          <TextInput label="Space name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={checkLength(name.trim(), NAME_MAX)} />
          <NumberInput
            label="Default auto-lock for new profiles (minutes)"
            description={`A new profile locks itself after this long unused (${rangeText(AUTO_LOCK_MINUTES)}). Existing profiles keep their own setting.`}
            min={AUTO_LOCK_MINUTES.min}
            max={AUTO_LOCK_MINUTES.max}
            allowDecimal={false}
            allowNegative={false}
            value={autoLock}
            onChange={setAutoLock}
          />
          <NativeSelect
            label="Who can create profiles"
            description="Unless anyone may, a new profile is created by an admin (or member) on their own unlocked profile; the window then switches to the new profile for its owner to set the passphrase."
            value={creation}
            data={PROFILE_CREATION_OPTIONS}
            onChange={(e) => setCreation(e.currentTarget.value as ProfileCreation)}
          />
          {error && (
            <Alert color="red" role="alert" title="Not saved">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Save space settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function oauthConnectors(catalog: ConnectorView[]): ConnectorView[] {
  return catalog.filter((c) => c.auth.some((a) => a.type === 'oauth2'));
}

function OAuthApps() {
  const catalog = useApp((s) => s.catalog);
  const setCatalog = useApp((s) => s.setCatalog);
  const [clients, setClients] = useState<OAuthClientView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [connectorId, setConnectorId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [authorizeUrl, setAuthorizeUrl] = useState('');
  const [tokenUrl, setTokenUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [cat, list] = await Promise.all([catalog ? Promise.resolve(catalog) : api.invoke('catalog.list'), api.invoke('admin.oauthClients')]);
      if (!catalog) setCatalog(cat);
      setClients(list);
      setLoadError(null);
    } catch (err) {
      setLoadError(adminErrorMessage(err));
    }
  }, [catalog, setCatalog]);

  useEffect(() => {
    void load();
  }, [load]);

  const connectors = catalog ? oauthConnectors(catalog) : [];
  const nameOf = (id: string) => catalog?.find((c) => c.id === id)?.name ?? id;

  /** Picking a connector fills in its app as saved (never its secret), so a change starts from it. */
  const pick = (id: string) => {
    setConnectorId(id);
    setError(null);
    setClientSecret('');
    const existing = clients?.find((c) => c.connectorId === id);
    setClientId(existing?.clientId ?? '');
    setAuthorizeUrl(existing?.authorizeUrl ?? '');
    setTokenUrl(existing?.tokenUrl ?? '');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const secret = clientSecret;
    // The secret leaves the form with this submit, whatever the answer.
    setClientSecret('');
    if (!connectorId) {
      setError('Choose the connector this OAuth app is for.');
      return;
    }
    if (clientId.trim().length === 0) {
      setError('Enter the client ID the provider gave your OAuth app.');
      return;
    }
    setBusy(true);
    try {
      const saved = await api.invoke('admin.setOAuthClient', {
        connectorId,
        clientId: clientId.trim(),
        ...(secret ? { clientSecret: secret } : {}),
        ...(authorizeUrl.trim() ? { authorizeUrl: authorizeUrl.trim() } : {}),
        ...(tokenUrl.trim() ? { tokenUrl: tokenUrl.trim() } : {}),
      });
      notifySuccess(
        `The OAuth app for ${nameOf(saved.connectorId)} is saved (${saved.hasClientSecret ? 'with a client secret' : 'without a client secret'}). Profiles can now sign in with it.`,
        'OAuth app saved',
      );
      setClients(await api.invoke('admin.oauthClients'));
      // Connect forms offer OAuth sign-in once an app is set.
      setCatalog(await api.invoke('catalog.list'));
    } catch (err) {
      setError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const existing = clients?.find((c) => c.connectorId === connectorId);

  return (
    <Stack component="section" aria-labelledby="admin-oauth-heading" mt="md">
      <Title order={4} id="admin-oauth-heading">
        OAuth apps
      </Title>
      <Text size="sm">
        To let profiles sign in to a service with OAuth instead of pasting a token, register an app with the provider and enter its client ID
        here. Every profile of the space uses it. A client secret, where the provider insists on one, is kept in the space’s registry (not in a
        vault) and is never shown again.
      </Text>
      {loadError && (
        <Alert color="red" role="alert" title="Could not load the OAuth apps">
          {loadError}
        </Alert>
      )}
      {(!catalog || !clients) && !loadError && <Loader aria-label="Loading the OAuth apps" />}
      {clients && clients.length === 0 && <Text size="sm">No OAuth app is set up yet.</Text>}
      {clients && clients.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover>
            <Table.Caption>{clients.length === 1 ? '1 OAuth app' : `${clients.length} OAuth apps`} in this space</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Connector</Table.Th>
                <Table.Th scope="col">Client ID</Table.Th>
                <Table.Th scope="col">Client secret</Table.Th>
                <Table.Th scope="col">Endpoints</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.map((c) => (
                <Table.Tr key={c.connectorId}>
                  <Table.Th scope="row" fw={600}>
                    {nameOf(c.connectorId)}{' '}
                    <Text size="xs" component="span" fw={400}>
                      (<code>{c.connectorId}</code>)
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    <code>{c.clientId}</code>
                  </Table.Td>
                  <Table.Td>{c.hasClientSecret ? 'secret set' : 'no secret'}</Table.Td>
                  <Table.Td>
                    {c.authorizeUrl || c.tokenUrl ? (
                      <Stack gap={0}>
                        {c.authorizeUrl && <Text size="xs">Authorize: {c.authorizeUrl}</Text>}
                        {c.tokenUrl && <Text size="xs">Token: {c.tokenUrl}</Text>}
                      </Stack>
                    ) : (
                      'provider defaults'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {catalog && clients && (
        <Paper withBorder p="md">
          <form onSubmit={(e) => void save(e)} noValidate>
            <Stack gap="sm" maw={520}>
              <NativeSelect
                label="Connector"
                value={connectorId}
                data={[
                  { value: '', label: 'Choose a connector' },
                  ...connectors.map((c) => ({ value: c.id, label: clients.some((x) => x.connectorId === c.id) ? `${c.name} (set, replace)` : c.name })),
                ]}
                onChange={(e) => pick(e.currentTarget.value)}
              />
              <TextInput label="Client ID" autoComplete="off" spellCheck={false} maxLength={512} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} />
              <TextInput
                type="password"
                label="Client secret"
                description={
                  existing?.hasClientSecret
                    ? 'Optional. A secret is set for this app: saving replaces the app, so enter the secret again to keep one.'
                    : 'Optional: only for providers that require one. Leave empty otherwise.'
                }
                autoComplete="new-password"
                spellCheck={false}
                maxLength={1024}
                value={clientSecret}
                onChange={(e) => setClientSecret(e.currentTarget.value)}
              />
              <TextInput
                label="Authorize URL"
                description="Optional override: leave empty to use the provider’s default."
                type="url"
                autoComplete="off"
                spellCheck={false}
                value={authorizeUrl}
                onChange={(e) => setAuthorizeUrl(e.currentTarget.value)}
              />
              <TextInput
                label="Token URL"
                description="Optional override: leave empty to use the provider’s default."
                type="url"
                autoComplete="off"
                spellCheck={false}
                value={tokenUrl}
                onChange={(e) => setTokenUrl(e.currentTarget.value)}
              />
              {error && (
                <Alert color="red" role="alert" title="Not saved">
                  {error}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={busy}>
                  Save OAuth app
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
