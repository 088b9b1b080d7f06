/**
 * A team space's sync state in the header: "Offline since …" while the team database cannot be
 * reached (the machine works on its last verified copy), nothing for a space of one machine.
 * Checked every 15 s; kept apart from the header so the header's own changes do not touch it.
 */
import { Badge, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TeamStatusView } from '../../../shared/views';
import { api } from '../api';

const CHECK_MS = 15_000;

export function TeamSyncBadge() {
  const [status, setStatus] = useState<TeamStatusView>({ team: false });
  useEffect(() => {
    let alive = true;
    const check = (): void => {
      api.invoke('space.teamStatus').then(
        (s) => alive && setStatus(s),
        () => undefined,
      );
    };
    check();
    const timer = setInterval(check, CHECK_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  if (!status.team) return null;
  if (status.offlineSince) {
    const since = new Date(status.offlineSince).toLocaleString();
    return (
      <Tooltip label={`Working on the last verified copy of the space${status.pending ? '; an admin change waits to be sent' : ''}. It catches up when the team database is back.`}>
        <Badge variant="dot" color="red" role="status">
          Team database offline since {since}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge variant="dot" color="teal" role="status">
      Team space synced{status.machine ? ` (${status.machine})` : ''}
    </Badge>
  );
}
