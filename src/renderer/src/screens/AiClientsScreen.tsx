/**
 * AI clients (MCP): ready-to-paste client configs, access tokens (created, shown once, listed,
 * revoked). A new token lives in this component's state only, and is dropped on "Done" or when the
 * person leaves the screen.
 */
import { Alert, Badge, Box, Button, Code, Group, Loader, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { McpInfo, McpTokenView } from '../../../shared/views';
import { api } from '../api';
import { useBusyAction } from '../hooks';
import { useApp } from '../store';
import { copyText, errorMessage, formatTime, notifyError, notifySuccess } from '../util';
import { ConfirmModal } from '../components/ConfirmModal';

/** Shown instead of the passphrase: the real one is never put in a snippet. */
const PASSPHRASE_PLACEHOLDER = '<your passphrase>';

interface NewToken {
  id: string;
  name: string;
  token: string;
  expiresAt?: string;
}

function stdioConfig(info: McpInfo): string {
  const [command = 'switchboard', ...args] = info.stdioCommand;
  return JSON.stringify({ mcpServers: { switchboard: { command, args, env: { SWITCHBOARD_PASSPHRASE: PASSPHRASE_PLACEHOLDER } } } }, null, 2);
}

function httpConfig(url: string, token: string): string {
  return JSON.stringify({ mcpServers: { switchboard: { url, headers: { Authorization: `Bearer ${token}` } } } }, null, 2);
}

function copy(text: string, done: string, refused: string): void {
  void copyText(text).then((ok) => (ok ? notifySuccess(done) : notifyError(new Error(refused))));
}

export function AiClientsScreen() {
  const profileName = useApp((s) => s.session?.name ?? '');
  const [info, setInfo] = useState<McpInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [tokens, setTokens] = useState<McpTokenView[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [created, setCreated] = useState<NewToken | null>(null);
  const nameField = useRef<HTMLInputElement>(null);

  const loadInfo = useCallback(async () => {
    try {
      setInfo(await api.invoke('mcp.info'));
      setInfoError(null);
    } catch (err) {
      setInfoError(errorMessage(err));
    }
  }, []);

  const loadTokens = useCallback(async () => {
    try {
      const list = await api.invoke('mcp.tokens.list');
      setTokens(list);
      setNow(Date.now());
      setListError(null);
    } catch (err) {
      setListError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void loadInfo();
    void loadTokens();
  }, [loadInfo, loadTokens]);

  const onCreated = (token: NewToken) => {
    setCreated(token);
    void loadTokens();
    // The gateway may have started since this screen opened: its URL goes in the HTTP config.
    void loadInfo();
  };

  const onRevoked = (id: string) => {
    if (created?.id === id) setCreated(null);
    void loadTokens();
  };

  return (
    <Stack>
      <Title order={2}>AI clients</Title>
      <Text size="sm" maw={720}>
        AI agents such as Claude Desktop, Cursor or any other MCP client can work through Switchboard. An agent connected as{' '}
        <strong>{profileName}</strong> sees exactly this profile’s enabled, allowed actions as tools, and nothing else. Every call it
        makes runs with this profile’s credentials and shows in Activity as <Code>mcp:&lt;client&gt;</Code>.
      </Text>
      <StdioConfigs info={info} error={infoError} />
      <CreateToken nameField={nameField} onCreated={onCreated} />
      {created && (
        <NewTokenBox
          created={created}
          info={info}
          onDone={() => {
            setCreated(null);
            nameField.current?.focus();
          }}
        />
      )}
      <TokenList tokens={tokens} error={listError} now={now} onRevoked={onRevoked} />
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** One config to paste: what it is, where it goes, the text, and its own Copy button. */
function Snippet({ id, title, where, text, copyLabel, copiedMessage }: { id: string; title: string; where: ReactNode; text: string; copyLabel: string; copiedMessage: string }) {
  return (
    <Box component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={4} size="h5" id={id}>
          {title}
        </Title>
        <Text size="sm">{where}</Text>
        <Code block className="sb-snippet">
          {text}
        </Code>
        <Group>
          <Button variant="default" size="sm" onClick={() => copy(text, copiedMessage, 'Copying is not allowed here: select the text and copy it.')}>
            {copyLabel}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

function StdioConfigs({ info, error }: { info: McpInfo | null; error: string | null }) {
  const config = info ? stdioConfig(info) : null;
  return (
    <Section id="ai-stdio" title="Connect a client on this computer">
      <Text size="sm" maw={720}>
        The client starts Switchboard itself and unlocks this profile with your passphrase. Replace <Code>{PASSPHRASE_PLACEHOLDER}</Code>{' '}
        with it in the client’s config file: anyone who can read that file can unlock this profile, so keep it private. If the file
        already lists other servers under <Code>mcpServers</Code>, add <Code>switchboard</Code> beside them.
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!config && !error && <Loader size="sm" aria-label="Loading client configs" />}
      {config && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Snippet
            id="ai-stdio-claude"
            title="Claude Desktop"
            where={
              <>
                In Claude Desktop, Settings → Developer → Edit Config opens <Code>claude_desktop_config.json</Code>. Paste this, save, and
                restart Claude Desktop.
              </>
            }
            text={config}
            copyLabel="Copy Claude Desktop config"
            copiedMessage="The Claude Desktop config is on the clipboard. Put your passphrase in place of the placeholder."
          />
          <Snippet
            id="ai-stdio-cursor"
            title="Cursor"
            where={
              <>
                Save as <Code>.cursor/mcp.json</Code> in a project, or <Code>~/.cursor/mcp.json</Code> for every project.
              </>
            }
            text={config}
            copyLabel="Copy Cursor config"
            copiedMessage="The Cursor config is on the clipboard. Put your passphrase in place of the placeholder."
          />
        </SimpleGrid>
      )}
    </Section>
  );
}

function CreateToken({ nameField, onCreated }: { nameField: RefObject<HTMLInputElement | null>; onCreated: (token: NewToken) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>('');
  const { busy, error, setError, run } = useBusyAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (days !== '' && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)) {
      setError('Expires after takes whole days from 1 to 3650, or leave it empty for a token that does not expire.');
      return;
    }
    const trimmed = name.trim();
    await run(async () => {
      const result = await api.invoke('mcp.tokens.create', {
        ...(trimmed ? { name: trimmed } : {}),
        ...(typeof days === 'number' ? { expiresDays: days } : {}),
      });
      setName('');
      setDays('');
      notifySuccess(`The token ${result.name} is created. Copy it now: it is shown only once.`);
      onCreated({ id: result.id, name: result.name, token: result.token, ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}) });
    });
  };

  return (
    <Section id="ai-create-token" title="Create token">
      <Text size="sm" maw={720}>
        A token lets a client reach this profile over HTTP, through Switchboard’s gateway, without your passphrase. Give each client its
        own token, so you can revoke one without the others.
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm" maw={520}>
          <TextInput
            ref={nameField}
            label="Token name"
            description="Which client will use it."
            placeholder="Claude Desktop"
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <NumberInput
            label="Expires after (days)"
            description="Optional, 1 to 3650. Leave empty for a token that lasts until you revoke it."
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={setDays}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function NewTokenBox({ created, info, onDone }: { created: NewToken; info: McpInfo | null; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the box, so a keyboard or screen-reader user lands on the token.
  useEffect(() => {
    heading.current?.focus();
  }, [created.id]);

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="ai-new-token"
      style={{ borderColor: 'var(--mantine-color-blue-7)', borderWidth: 2, background: 'var(--mantine-color-blue-0)' }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="ai-new-token" ref={heading} tabIndex={-1}>
          Your new token
        </Title>
        <Text size="sm">
          The token <strong>{created.name}</strong>
          {created.expiresAt ? `, valid until ${formatTime(created.expiresAt)}` : ', valid until you revoke it'}:
        </Text>
        <Code block className="sb-snippet sb-token">
          {created.token}
        </Code>
        <Group>
          <Button
            variant="default"
            onClick={() =>
              copy(created.token, 'The token is on the clipboard. Paste it into your client, then clear the clipboard.', 'Copying is not allowed here: select the token and copy it.')
            }
          >
            Copy token
          </Button>
        </Group>
        <Text size="sm" fw={600}>
          It will not be shown again. Anyone with this token can act as this profile, with its enabled actions and credentials, until it
          expires or you revoke it.
        </Text>
        {info?.httpUrl ? (
          <Snippet
            id="ai-http"
            title="Cursor or any MCP client over HTTP"
            where={
              <>
                For clients that connect to a URL: this config carries the new token and reaches the gateway at <Code>{info.httpUrl}</Code>.
              </>
            }
            text={httpConfig(info.httpUrl, created.token)}
            copyLabel="Copy HTTP config"
            copiedMessage="The HTTP config, with the token, is on the clipboard."
          />
        ) : (
          <Text size="sm">
            To connect a client over HTTP, run <Code>switchboard mcp serve</Code> first, then come back to this screen for a config with
            the gateway’s address.
          </Text>
        )}
        <Group>
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function TokenList({ tokens, error, now, onRevoked }: { tokens: McpTokenView[] | null; error: string | null; now: number; onRevoked: (id: string) => void }) {
  const [target, setTarget] = useState<McpTokenView | null>(null);
  const [opened, setOpened] = useState(false);
  const { busy, error: revokeError, setError: setRevokeError, run } = useBusyAction();

  const close = () => {
    if (busy) return;
    setOpened(false);
  };

  const revoke = async () => {
    if (!target || busy) return;
    await run(async () => {
      await api.invoke('mcp.tokens.revoke', { id: target.id });
      notifySuccess(`The token ${target.name} is revoked. Clients using it can no longer connect.`);
      onRevoked(target.id);
      setOpened(false);
    });
  };

  return (
    <Section id="ai-tokens" title="Tokens">
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!tokens && !error && <Loader size="sm" aria-label="Loading tokens" />}
      {tokens && tokens.length === 0 && <Text size="sm">No tokens yet. Clients started with your passphrase need none.</Text>}
      {tokens && tokens.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Caption>{tokens.length === 1 ? '1 token' : `${tokens.length} tokens`}, oldest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((t) => {
                const expired = t.expiresAt !== undefined && new Date(t.expiresAt).getTime() <= now;
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>
                      <time dateTime={t.createdAt}>{formatTime(t.createdAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      {t.expiresAt ? (
                        <Group gap={6} wrap="nowrap">
                          <time dateTime={t.expiresAt}>{formatTime(t.expiresAt)}</time>
                          {expired && (
                            <Badge variant="dot" color="red">
                              expired
                            </Badge>
                          )}
                        </Group>
                      ) : (
                        'never'
                      )}
                    </Table.Td>
                    <Table.Td>{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{formatTime(t.lastUsedAt)}</time> : 'never'}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        color="red"
                        variant="outline"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => {
                          setRevokeError(null);
                          setTarget(t);
                          setOpened(true);
                        }}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={opened}
        title={`Revoke the token ${target?.name ?? ''}?`}
        confirmLabel="Revoke token"
        busy={busy}
        error={revokeError}
        onConfirm={() => void revoke()}
        onClose={close}
      >
        <Text size="sm">Any client using this token loses access at once. This cannot be undone: a client needs a new token to connect again.</Text>
      </ConfirmModal>
    </Section>
  );
}
