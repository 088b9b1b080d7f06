/** MCP access tokens on the AI clients screen: create one (shown once), the new token's box, the list with revoke. */
import { checkLength, checkRange } from '../../../../shared/field-messages';
import { Alert, Badge, Button, Code, Group, Loader, NumberInput, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { TOKEN_EXPIRY_DAYS, inRange, rangeText } from '../../../../shared/limits';
import type { McpInfo, McpTokenView } from '../../../../shared/views';
import { api } from '../../api';
import { useBusyAction } from '../../hooks';
import { formatTime, notifySuccess } from '../../util';
import { ConfirmModal } from '../ConfirmModal';
import { copy, Section, Snippet } from './parts';

export interface NewToken {
  id: string;
  name: string;
  token: string;
  expiresAt?: string;
}

function httpConfig(url: string, token: string): string {
  return JSON.stringify({ mcpServers: { switchboard: { url, headers: { Authorization: `Bearer ${token}` } } } }, null, 2);
}

export function CreateToken({ nameField, onCreated }: { nameField: RefObject<HTMLInputElement | null>; onCreated: (token: NewToken) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>('');
  const [daysError, setDaysError] = useState<string | undefined>();
  const { busy, error, setError, run } = useBusyAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (checkLength(name.trim(), 64)) return;
    if (days !== '' && !inRange(days, TOKEN_EXPIRY_DAYS)) {
      setDaysError(`${checkRange(days, TOKEN_EXPIRY_DAYS, 'days') ?? ''} Or leave it empty for a token that lasts until you revoke it.`);
      return;
    }
    setDaysError(undefined);
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
            error={checkLength(name.trim(), 64)}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <NumberInput
            label="Expires after (days)"
            description={`Optional, ${rangeText(TOKEN_EXPIRY_DAYS)}. Leave empty for a token that lasts until you revoke it.`}
            min={TOKEN_EXPIRY_DAYS.min}
            max={TOKEN_EXPIRY_DAYS.max}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={(v) => {
              setDays(v);
              setDaysError(undefined);
            }}
            error={daysError}
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

export function NewTokenBox({ created, info, onDone }: { created: NewToken; info: McpInfo | null; onDone: () => void }) {
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
            The MCP gateway is not running beside this window yet: it starts with the desktop app and with <Code>switchboard serve</Code>{' '}
            (unless <Code>--no-mcp</Code>; then run <Code>switchboard mcp serve</Code>). This screen shows its address as soon as it runs.
          </Text>
        )}
        <Group>
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function TokenList({ tokens, error, now, onRevoked }: { tokens: McpTokenView[] | null; error: string | null; now: number; onRevoked: (id: string) => void }) {
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
