/**
 * Staff named by user id (e.g. `checkedBy` of `accept`: the accounts of the handling organisation who did the
 * preliminary check, 001 art.14). The accounts come from GET /users where the caller may list them (integrity and
 * system admins); everyone is offered themself, and ids can be typed where the list is refused (case officers: the API
 * has no colleague list for them yet).
 */
import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from './api';
import type { NamePath } from './SchemaForm';

export function UserPicker({ name, label, required, orgId }: { name: NamePath; label: string; required: boolean; orgId?: string }) {
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    void Promise.all([api().GET('/api/v1/auth/me'), api().GET('/api/v1/users')]).then(([me, users]) => {
      const list = (users.data ?? []).filter((u) => u.active && (!orgId || u.orgId === orgId)).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }));
      if (me.data && !list.some((o) => o.value === me.data.id)) list.unshift({ value: me.data.id, label: `${me.data.name}（${me.data.username}）` });
      setOptions(list);
    });
  }, [orgId]);
  return (
    <Form.Item label={label} name={name} rules={required ? [{ required: true }] : []}>
      <Select mode="tags" options={options} optionFilterProp="label" />
    </Form.Item>
  );
}
