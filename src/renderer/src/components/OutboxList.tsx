/** Writes waiting in this profile's outbox (queued when their service could not be reached). */
import { Badge, Button, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem } from '../../../shared/views';
import { api } from '../api';
import { formatTime, notifyError } from '../util';

export function OutboxList({ version }: { version: number }) {
  const [items, setItems] = useState<OutboxItem[]>([]);

  const load = useCallback(async () => {
    try {
      setItems(await api.invoke('outbox.list'));
    } catch {
      // The outbox is secondary here; the activity log above reports problems.
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, version]);

  const cancel = async (item: OutboxItem) => {
    try {
      await api.invoke('outbox.cancel', { id: item.id });
      await load();
    } catch (err) {
      notifyError(err, 'Could not cancel');
    }
  };

  if (items.length === 0) return null;
  return (
    <section aria-labelledby="outbox-heading" className="sb-stack">
      <Title order={3} size="h4" id="outbox-heading">
        Outbox
      </Title>
      <Text size="sm">Writes that wait until their service can be reached. Each is sent at most once.</Text>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Queued</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Attempts</Table.Th>
              <Table.Th scope="col">Last problem</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Cancel</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{formatTime(item.createdAt)}</Table.Td>
                <Table.Td>
                  <code>{item.action}</code>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={item.status === 'failed' || item.status === 'uncertain' ? 'red' : item.status === 'sent' ? 'teal' : 'orange'}>
                    {item.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{item.attempts}</Table.Td>
                <Table.Td>{item.lastMessage ?? item.lastCode ?? ''}</Table.Td>
                <Table.Td>
                  {item.status === 'pending' && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => void cancel(item)} aria-label={`Cancel ${item.action} queued ${formatTime(item.createdAt)}`}>
                      Cancel
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
