/** The "Try it" panel of one action: a form from its input schema, Run, and the answer. */
import { Alert, Checkbox, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ActionState, ExecuteResult } from '../../../shared/views';
import { api } from '../api';
import { errorCode, errorMessage } from '../util';
import { SchemaForm } from './SchemaForm';

type Outcome = { kind: 'result'; result: ExecuteResult } | { kind: 'error'; code: string | undefined; message: string; fields?: Record<string, string> };

export function TryAction({ action }: { action: ActionState }) {
  const [busy, setBusy] = useState(false);
  const [queue, setQueue] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (input: unknown) => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api.invoke('actions.run', { actionId: action.id, input, ...(queue ? { queue: true } : {}) });
      setOutcome({ kind: 'result', result });
    } catch (err) {
      const fields = (err as { details?: { fields?: unknown } }).details?.fields;
      setOutcome({ kind: 'error', code: errorCode(err), message: errorMessage(err), ...(fields && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const idPrefix = `try-${action.id.replace(/[^a-z0-9_]/g, '-')}`;
  return (
    <Paper withBorder p="md" mt="sm" component="section" aria-labelledby={`${idPrefix}-title`}>
      <Stack gap="sm">
        <Title order={5} id={`${idPrefix}-title`}>
          Try {action.title}
        </Title>
        {!action.effective && (
          <Text size="sm">
            This action cannot run for you right now ({!action.connected ? 'not connected' : !action.allowed ? 'not allowed by policy' : 'not enabled'}
            ). You can still press Run to see what Switchboard answers.
          </Text>
        )}
        <SchemaForm
          schema={action.input}
          idPrefix={idPrefix}
          busy={busy}
          onSubmit={(input) => void run(input)}
          fieldErrors={outcome?.kind === 'error' ? outcome.fields : undefined}
          extra={
            action.kind === 'write' ? (
              <Checkbox
                label="Queue it if the service cannot be reached"
                description="It waits in your outbox and is sent when the service is reachable again."
                checked={queue}
                onChange={(e) => setQueue(e.currentTarget.checked)}
              />
            ) : undefined
          }
        />
        {outcome?.kind === 'error' && !(outcome.code === 'INVALID_INPUT' && outcome.fields) && (
          <Alert color="red" title={outcome.code ? `Failed: ${outcome.code}` : 'Failed'}>
            {outcome.message}
            {outcome.code === 'ACTION_DISABLED' && ` In this app: switch on “Enable ${action.title}” above.`}
            {outcome.code === 'NOT_CONNECTED' && ' In this app: connect it in the Connection section above.'}
            {outcome.code === 'POLICY_DENIED' && ' Only an admin of this space can change its policy.'}
          </Alert>
        )}
        {outcome?.kind === 'result' && outcome.result.status === 'ok' && (
          <Stack gap={4}>
            <Text size="sm" role="status">
              Done in {outcome.result.durationMs} ms.
            </Text>
            <pre aria-label="Result" role="region" tabIndex={0} className="sb-result">
              {JSON.stringify(outcome.result.output, null, 2) ?? 'null'}
            </pre>
          </Stack>
        )}
        {outcome?.kind === 'result' && outcome.result.status === 'queued' && (
          <Text size="sm" role="status">
            Queued in your outbox (item {outcome.result.outboxId}). It will be sent when the service is reachable.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
