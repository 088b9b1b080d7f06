/** The admin dashboard (admins only): profiles, policy, insights, the audit trail and the settings of the space. */
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { AuditPanel } from '../components/admin/AuditPanel';
import { CustomConnectorsPanel } from '../components/admin/CustomConnectorsPanel';
import { InsightsPanel } from '../components/admin/InsightsPanel';
import { PolicyPanel } from '../components/admin/PolicyPanel';
import { SpacePanel } from '../components/admin/SpacePanel';
import { TenantsPanel } from '../components/admin/TenantsPanel';
import { useApp, type AdminSection } from '../store';

const SECTIONS: { value: AdminSection; label: string }[] = [
  { value: 'tenants', label: 'Profiles' },
  { value: 'policy', label: 'Policy' },
  { value: 'connectors', label: 'Custom connectors' },
  { value: 'insights', label: 'Insights' },
  { value: 'audit', label: 'Audit' },
  { value: 'space', label: 'Space' },
];

export function AdminScreen() {
  const section = useApp((s) => s.adminSection);
  const setSection = useApp((s) => s.setAdminSection);
  const spaceName = useApp((s) => s.session?.spaceName ?? '');
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <Text size="sm">
        Manage the space {spaceName}: its profiles and their roles, what each role may use, what happened, and its settings. You never see
        what is inside another profile’s vault.
      </Text>
      {/* Only the open section is mounted: each loads its data when shown. */}
      <Tabs value={section} onChange={(v) => v && setSection(v as AdminSection)} keepMounted={false}>
        <Tabs.List aria-label="Admin sections">
          {SECTIONS.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="tenants" pt="md">
          <TenantsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="policy" pt="md">
          <PolicyPanel />
        </Tabs.Panel>
        <Tabs.Panel value="connectors" pt="md">
          <CustomConnectorsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="insights" pt="md">
          <InsightsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditPanel />
        </Tabs.Panel>
        <Tabs.Panel value="space" pt="md">
          <SpacePanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
