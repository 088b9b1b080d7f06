/**
 * Connect (or reconnect) one connector with one of its auth schemes. Secrets stay in this
 * component's state and are cleared after every submit.
 */
import { Alert, Anchor, Button, Group, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { AuthView, ConnectionSummary, ConnectorView } from '../../../shared/views';
import { api, isDesktop } from '../api';
import { useEngineEvent } from '../hooks';
import { errorCode, errorMessage, notifySuccess } from '../util';

function schemeLabel(auth: AuthView, name: string): string {
  switch (auth.type) {
    case 'bearer':
      return `Token: ${auth.label}`;
    case 'api_key':
      return `API key: ${auth.label}`;
    case 'basic':
      return `${auth.usernameLabel} and ${auth.passwordLabel}`;
    case 'oauth2':
      return `Sign in with ${name} (OAuth)`;
    case 'client_credentials':
      return 'Client ID and secret (OAuth client credentials)';
    case 'none':
      return 'No authentication';
  }
}

interface Props {
  connector: ConnectorView;
  /** The current connection, when reconnecting. */
  existing: ConnectionSummary | undefined;
  onConnected: () => void;
  onCancel?: () => void;
}

export function ConnectForm({ connector, existing, onConnected, onCancel }: Props) {
  const [schemeIndex, setSchemeIndex] = useState(() => {
    const i = connector.auth.findIndex((a) => a.type === existing?.authType);
    return i >= 0 ? i : 0;
  });
  const [token, setToken] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [baseUrl, setBaseUrl] = useState(existing?.customBaseUrl ? existing.baseUrl : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Per-field messages: the engine's `details.fields` (credentials.token, baseUrl…) or our own check. */
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [oauth, setOauth] = useState<{ url: string; since: string | undefined } | null>(null);

  const auth = connector.auth[schemeIndex] ?? connector.auth[0];
  const baseUrlRequired = connector.baseUrl === '';
  const idBase = `connect-${connector.id}`;

  const clearSecrets = () => {
    setToken('');
    setApiKey('');
    setPassword('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!auth || auth.type === 'oauth2') return;
    setError(null);
    setFieldErrors({});
    if (baseUrlRequired && baseUrl.trim() === '') {
      // Said on the field; what was typed in the other fields stays.
      setFieldErrors({ baseUrl: `Enter the API base URL: ${connector.name} has no default one.` });
      return;
    }
    const credentials: Record<string, string> =
      auth.type === 'bearer' ? { token } : auth.type === 'api_key' ? { apiKey } : auth.type === 'basic' ? { username, password } : auth.type === 'client_credentials' ? { clientId: username, clientSecret: password } : {};
    setBusy(true);
    try {
      const saved = await api.invoke('connections.connect', {
        connectorId: connector.id,
        authType: auth.type,
        credentials,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      notifySuccess(
        saved.verified
          ? `${connector.name} is connected: it accepted the credentials.`
          : `${connector.name} is saved but not verified yet (${saved.verifyProblem ?? 'it could not be reached'}). It is checked on the next call or test.`,
      );
      clearSecrets();
      onConnected();
    } catch (err) {
      const fields = (err as { details?: { fields?: Record<string, string> } }).details?.fields;
      const shown = ['baseUrl', 'token', 'apiKey', 'credentials.token', 'credentials.apiKey'];
      if (fields && Object.keys(fields).some((k) => shown.includes(k))) setFieldErrors(fields);
      else setError(errorMessage(err));
      // Credentials the service refused are typed again; after any other mistake (a URL, say) they stay.
      if (errorCode(err) === 'AUTH_REQUIRED' || errorCode(err) === 'UPSTREAM_ERROR') clearSecrets();
    } finally {
      setBusy(false);
    }
  };

  const startOAuth = async () => {
    setError(null);
    if (baseUrlRequired && baseUrl.trim() === '') {
      setError(`Enter the API base URL first: ${connector.name} has no default one.`);
      return;
    }
    setBusy(true);
    try {
      const { authorizeUrl } = await api.invoke('connections.startOAuth', {
        connectorId: connector.id,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      // The desktop host opens the URL in the system browser; a browser tab has to do it itself.
      if (!isDesktop) window.open(authorizeUrl, '_blank', 'noopener,noreferrer');
      setOauth({ url: authorizeUrl, since: existing?.updatedAt });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  // The OAuth result arrives as a `connections` event: connected, or (on failure) unchanged.
  useEngineEvent('connections', ({ connectorId }) => {
    if (!oauth || connectorId !== connector.id) return;
    void api.invoke('connections.list').then(
      (list) => {
        const conn = list.find((c) => c.connectorId === connector.id);
        setOauth(null);
        if (conn && conn.status === 'connected' && conn.updatedAt !== oauth.since) {
          notifySuccess(conn.verified ? `${connector.name} is connected.` : `${connector.name} is saved but not verified yet; it is checked on the next call or test.`);
          onConnected();
        } else {
          setError(`The sign-in with ${connector.name} did not finish. Try again.`);
        }
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  });

  const baseUrlField = (
    <TextInput
      label="API base URL"
      placeholder={connector.baseUrl || 'https://…'}
      description={
        baseUrlRequired ? (
          <>
            <strong>Required.</strong> {connector.baseUrlHint}
          </>
        ) : (
          (connector.baseUrlHint ?? 'Optional: leave empty to use the default.')
        )
      }
      aria-required={baseUrlRequired || undefined}
      type="url"
      autoComplete="off"
      value={baseUrl}
      onChange={(e) => {
        setBaseUrl(e.currentTarget.value);
        setFieldErrors(({ baseUrl: _drop, ...rest }) => rest);
      }}
      error={fieldErrors.baseUrl}
    />
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${idBase}-title`}>
      <Stack gap="sm" maw={520}>
        <Text fw={600} id={`${idBase}-title`}>
          {existing ? `Reconnect ${connector.name}` : `Connect ${connector.name}`}
        </Text>
        {connector.auth.length > 1 && (
          <NativeSelect
            label="Authentication"
            value={String(schemeIndex)}
            onChange={(e) => {
              setSchemeIndex(Number(e.currentTarget.value));
              clearSecrets();
              setError(null);
            }}
            data={connector.auth.map((a, i) => ({ value: String(i), label: schemeLabel(a, connector.name) }))}
          />
        )}
        {baseUrlRequired && baseUrlField}
        {auth?.type === 'bearer' && (
          <PasswordInput label="Token" description={auth.label} autoComplete="off" value={token} onChange={(e) => setToken(e.currentTarget.value)} error={fieldErrors['credentials.token'] ?? fieldErrors.token} />
        )}
        {auth?.type === 'api_key' && (
          <PasswordInput label="API key" description={auth.label} autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} error={fieldErrors['credentials.apiKey'] ?? fieldErrors.apiKey} />
        )}
        {auth?.type === 'basic' && (
          <>
            <TextInput
              label="Username"
              description={auth.usernameLabel !== 'Username' ? auth.usernameLabel : undefined}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              description={auth.passwordLabel !== 'Password' ? auth.passwordLabel : undefined}
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          </>
        )}
        {auth?.type === 'client_credentials' && (
          <>
            <TextInput label="Client ID" autoComplete="off" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
            <PasswordInput label="Client secret" autoComplete="off" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          </>
        )}
        {auth?.type === 'none' && <Text size="sm">This connection sends no credentials.</Text>}
        {!baseUrlRequired && baseUrlField}
        {error && <Alert color="red">{error}</Alert>}
        {auth?.type === 'oauth2' ? (
          <Stack gap={4}>
            <Group>
              <Button
                onClick={() => void startOAuth()}
                disabled={!auth.configured || oauth !== null}
                loading={busy}
                aria-describedby={!auth.configured ? `${idBase}-oauth-note` : undefined}
              >
                Sign in with {connector.name}
              </Button>
              {onCancel && (
                <Button variant="default" onClick={onCancel}>
                  Cancel
                </Button>
              )}
            </Group>
            {!auth.configured && (
              <Text size="sm" id={`${idBase}-oauth-note`}>
                An admin has not set up OAuth for this connector
              </Text>
            )}
          </Stack>
        ) : (
          <Group>
            <Button type="submit" loading={busy}>
              Connect
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        )}
        {oauth && (
          <Alert color="blue" role="status" title="Waiting for the sign-in">
            Finish signing in to {connector.name} in your browser; this page updates by itself.{' '}
            <Anchor href={oauth.url} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </Anchor>{' '}
            if no window opened.
          </Alert>
        )}
      </Stack>
    </form>
  );
}
