/**
 * Agents' calls waiting for this profile's owner, on every screen: a button with a badge in the
 * header, a drawer listing the requests, and a dialog that shows what will be sent (the input as
 * a readable form, redacted where the engine redacts, the connector and the connection it goes
 * through) with approve once / approve and always allow / deny with a reason. Kept current by the
 * engine's `approvals` event; a slow look now and then is only the fallback.
 */
import { Alert, Badge, Button, Code, Drawer, Group, Kbd, Modal, Paper, Stack, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonSchema } from '../../../shared/json-schema';
import type { ApprovalView, ConnectionSummary } from '../../../shared/views';
import { api } from '../api';
import { useEngineEvent } from '../hooks';
import { errorCode, errorMessage, formatTime, notifyInfo, notifySuccess } from '../util';

/** How often to look anyway, should a live event be missed (a dropped event stream). */
const FALLBACK_POLL_MS = 15_000;
const REASON_MAX = 500;

const agentName = (caller: string): string => caller.replace(/^mcp:/, '') || 'An agent';
const byRequested = (a: ApprovalView, b: ApprovalView): number => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);

export function ApprovalsCenter() {
  const [pending, setPending] = useState<ApprovalView[]>([]);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const known = useRef(new Set<string>());

  const refresh = useCallback(async () => {
    try {
      const list = await api.invoke('approvals.list');
      for (const r of list) known.current.add(r.id);
      setPending(list);
    } catch {
      // Locked or unreachable: the session handling says so; the next event or look will tell.
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEngineEvent('approvals', (view) => {
    if (view.status === 'pending') {
      setPending((old) => [...old.filter((p) => p.id !== view.id), view].sort(byRequested));
      if (!known.current.has(view.id)) {
        known.current.add(view.id);
        notifyInfo(`${agentName(view.caller)} asks to run ${view.actionTitle} on ${view.connectorName}. Open Approvals to answer.`, 'Approval needed');
      }
    } else {
      setPending((old) => old.filter((p) => p.id !== view.id));
    }
  });

  // Alt+Shift+A opens the list from anywhere, even from a text field.
  useHotkeys([['alt+shift+A', () => setDrawerOpen(true)]], []);

  const request = pending.find((p) => p.id === reviewing);
  const closeDialog = () => {
    setReviewing(null);
    // The Review button lived in the drawer, which is closed: come back to the header's button.
    setTimeout(() => button.current?.focus(), 0);
  };
  useEffect(() => {
    // Answered elsewhere (the CLI, the agent's client) or ended while the dialog was open.
    if (reviewing && !request) {
      notifyInfo('That request was answered elsewhere or has ended.', 'Approval');
      closeDialog();
    }
  }, [reviewing, request]);

  const count = pending.length;
  return (
    <>
      <Button
        ref={button}
        variant={count > 0 ? 'filled' : 'default'}
        color={count > 0 ? 'red.9' : undefined}
        size="sm"
        aria-haspopup="dialog"
        onClick={() => setDrawerOpen(true)}
        rightSection={
          count > 0 ? (
            <Badge color="dark" size="sm" circle data-testid="approvals-badge">
              {count}
              <VisuallyHidden> waiting for you</VisuallyHidden>
            </Badge>
          ) : undefined
        }
      >
        Approvals
      </Button>
      <Drawer opened={drawerOpen} onClose={() => setDrawerOpen(false)} position="right" title="Waiting for your approval" size="md" closeButtonProps={{ 'aria-label': 'Close approvals' }}>
        <Stack>
          <Text size="sm">
            An AI agent called an action you set to ask first. Nothing is sent until you approve, and only exactly what you see. Open the list from
            anywhere with <Kbd>Alt</Kbd> + <Kbd>Shift</Kbd> + <Kbd>A</Kbd>.
          </Text>
          {count === 0 && <Text role="status">Nothing waits for your approval.</Text>}
          <ul className="sb-plain-list sb-stack" aria-label="Requests">
            {pending.map((p) => (
              <Paper key={p.id} withBorder p="sm" component="li">
                <Stack gap={4}>
                  <Text fw={600}>
                    {p.actionTitle} on {p.connectorName}
                  </Text>
                  <Text size="sm">
                    From {agentName(p.caller)} · waits until <time dateTime={p.expiresAt}>{formatTime(p.expiresAt)}</time>
                  </Text>
                  <Group>
                    <Button
                      size="compact-sm"
                      onClick={() => {
                        setDrawerOpen(false);
                        setReviewing(p.id);
                      }}
                    >
                      Review {p.actionTitle}
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            ))}
          </ul>
        </Stack>
      </Drawer>
      {request && <ApprovalDialog request={request} onDone={closeDialog} onStale={() => void refresh()} />}
    </>
  );
}

type Decision = { decision: 'approve'; always?: boolean } | { decision: 'deny' };

function ApprovalDialog({ request, onDone, onStale }: { request: ApprovalView; onDone: () => void; onStale: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<ConnectionSummary | undefined>(undefined);

  useEffect(() => {
    api.invoke('connections.list').then(
      (list) => setConnection(list.find((c) => c.connectorId === request.connectorId)),
      () => undefined,
    );
  }, [request.connectorId]);

  const answer = async (choice: Decision) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('approvals.answer', {
        id: request.id,
        ...choice,
        ...(choice.decision === 'deny' && reason.trim() ? { reason: reason.trim().slice(0, REASON_MAX) } : {}),
      });
      notifySuccess(
        choice.decision === 'deny'
          ? `Denied ${request.actionTitle}: nothing was sent.`
          : `Approved ${request.actionTitle}${choice.always ? '; agents may run it without asking from now on' : ''}.`,
      );
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      if (errorCode(err) === 'CONFLICT' || errorCode(err) === 'NOT_FOUND') onStale();
    } finally {
      setBusy(false);
    }
  };

  // The dialog's keys work from its reason field too.
  useHotkeys(
    [
      ['alt+A', () => void answer({ decision: 'approve' })],
      ['alt+L', () => void answer({ decision: 'approve', always: true })],
      ['alt+D', () => void answer({ decision: 'deny' })],
    ],
    [],
  );

  return (
    <Modal opened onClose={onDone} title={`Approve ${request.actionTitle}?`} size="lg" closeButtonProps={{ 'aria-label': 'Close without answering' }}>
      <Stack>
        <Text>
          <strong>{agentName(request.caller)}</strong> asks to run <strong>{request.actionTitle}</strong> (<code>{request.action}</code>, a{' '}
          {request.kind}) on <strong>{request.connectorName}</strong>
          {connection ? (
            <>
              , through your connection at <code>{connection.baseUrl}</code>
            </>
          ) : null}
          .
        </Text>
        <section aria-labelledby="approval-input-title">
          <Title order={3} size="h5" id="approval-input-title" mb="xs">
            What will be sent
          </Title>
          <InputFields schema={request.inputSchema} input={request.input} />
        </section>
        <Text size="xs">
          Bound to exactly this input (SHA-256 <code title={request.hash}>{request.hash.slice(0, 16)}…</code>). Waits until{' '}
          <time dateTime={request.expiresAt}>{formatTime(request.expiresAt)}</time>.
        </Text>
        <Textarea
          label="Reason (optional)"
          description="Shown to the agent if you deny."
          value={reason}
          maxLength={REASON_MAX}
          autosize
          minRows={2}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button data-autofocus loading={busy} onClick={() => void answer({ decision: 'approve' })} aria-keyshortcuts="Alt+A">
            Approve once
          </Button>
          <Button variant="light" disabled={busy} onClick={() => void answer({ decision: 'approve', always: true })} aria-keyshortcuts="Alt+L">
            Approve and always allow
          </Button>
          <Button color="red" variant="outline" disabled={busy} onClick={() => void answer({ decision: 'deny' })} aria-keyshortcuts="Alt+D">
            Deny
          </Button>
        </Group>
        <Text size="xs">
          Keys: <Kbd>Alt</Kbd>+<Kbd>A</Kbd> approve once · <Kbd>Alt</Kbd>+<Kbd>L</Kbd> approve and always allow · <Kbd>Alt</Kbd>+<Kbd>D</Kbd> deny ·{' '}
          <Kbd>Esc</Kbd> close without answering (the agent keeps waiting).
        </Text>
      </Stack>
    </Modal>
  );
}

/** The input as a list of labelled fields, in the schema's order, then anything else it holds. */
function InputFields({ schema, input }: { schema: JsonSchema; input: unknown }) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return <Value value={input} />;
  const values = input as Record<string, unknown>;
  const names = [...Object.keys(schema.properties ?? {}).filter((k) => k in values), ...Object.keys(values).filter((k) => !(k in (schema.properties ?? {})))];
  if (names.length === 0) return <Text size="sm">No input.</Text>;
  return (
    <dl className="sb-fields">
      {names.map((name) => (
        <div key={name}>
          <dt>
            <Text size="sm" fw={600} component="span">
              {schema.properties?.[name]?.title ?? name}
            </Text>
          </dt>
          <dd>
            <Value value={values[name]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return <Code>{String(value)}</Code>;
  return (
    <Code block style={{ whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}
