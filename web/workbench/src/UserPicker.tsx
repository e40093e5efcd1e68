/**
 * Staff named by user id (e.g. `checkedBy` of `accept`: the accounts of the handling organisation who did the
 * preliminary check, 001 art.14). The colleagues come from GET /organisations/{id}/members (the handling
 * organisation's active accounts, id, name and roles; an audited read open to the organisation's own accounts);
 * where it is refused (an account of another organisation) the caller is offered themself and ids can be typed.
 */
import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from './api';
import { useI18n } from './i18n';
import type { NamePath } from './SchemaForm';

export function UserPicker({ name, label, required, orgId }: { name: NamePath; label: string; required: boolean; orgId?: string }) {
  const { t } = useI18n();
  const [people, setPeople] = useState<Array<{ id: string; name: string; roles: string[] }>>([]);
  useEffect(() => {
    void api()
      .GET('/api/v1/auth/me')
      .then(async (me) => {
        const org = orgId ?? me.data?.organisation.id;
        const members = org ? await api().GET('/api/v1/organisations/{id}/members', { params: { path: { id: org } } }) : undefined;
        const list: Array<{ id: string; name: string; roles: string[] }> = [...(members?.data ?? [])];
        if (me.data && !list.some((u) => u.id === me.data.id)) list.unshift({ id: me.data.id, name: me.data.name, roles: me.data.roles });
        setPeople(list);
      });
  }, [orgId]);
  const options = people.map((u) => ({ value: u.id, label: `${u.name}（${u.roles.map((r) => t(`role.${r}`)).join('、')}）` }));
  return (
    <Form.Item label={label} name={name} rules={required ? [{ required: true }] : []}>
      <Select mode="tags" options={options} optionFilterProp="label" />
    </Form.Item>
  );
}
