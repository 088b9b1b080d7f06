/**
 * AI clients (MCP): ready-to-paste client configs, access tokens (created, shown once, listed,
 * revoked). A new token lives in this component's state only, and is dropped on "Done" or when the
 * person leaves the screen.
 */
import { Alert, Code, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { McpInfo, McpTokenView } from '../../../shared/views';
import { api } from '../api';
import { Section, Snippet } from '../components/ai-clients/parts';
import { CreateToken, NewTokenBox, TokenList, type NewToken } from '../components/ai-clients/tokens';
import { useApp } from '../store';
import { errorMessage } from '../util';

/** Shown instead of the passphrase: the real one is never put in a snippet. */
const PASSPHRASE_PLACEHOLDER = '<your passphrase>';

function stdioConfig(info: McpInfo): string {
  const [command = 'switchboard', ...args] = info.stdioCommand;
  return JSON.stringify({ mcpServers: { switchboard: { command, args, env: { SWITCHBOARD_PASSPHRASE: PASSPHRASE_PLACEHOLDER } } } }, null, 2);
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

  // Until the gateway beside this window runs (it starts once the space exists), look again now and then.
  const waitingForGateway = info !== null && !info.httpUrl;
  useEffect(() => {
    if (!waitingForGateway) return;
    const timer = setInterval(() => void loadInfo(), 2000);
    return () => clearInterval(timer);
  }, [waitingForGateway, loadInfo]);

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
      {info && (
        <Text size="sm" role="status" data-testid="mcp-gateway-address">
          {info.httpUrl ? (
            <>
              MCP gateway over HTTP: <Code>{info.httpUrl}</Code> (a client connects with a token made below).
            </>
          ) : (
            'The MCP gateway over HTTP is not running beside this window yet; its address shows here as soon as it runs.'
          )}
        </Text>
      )}
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
