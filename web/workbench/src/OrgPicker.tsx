/**
 * An organisation below another one, picked by name (e.g. `targetOrgId` of a paper's `dispatch`, 002 转派): the
 * caller's subtree from GET /organisations (top down, names and levels), without `below` itself and what is not under
 * it. The officer does not copy ids; the API still decides (an organisation outside the holder's branch is refused
 * beside this field).
 */
import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Schema } from './api';
import { useI18n } from './i18n';
import type { NamePath } from './SchemaForm';

type Organisation = Schema<'OrganisationView'>;

export function OrgPicker({ name, label, required, below }: { name: NamePath; label: string; required: boolean; below: string }) {
  const { t } = useI18n();
  const [orgs, setOrgs] = useState<Organisation[]>();
  useEffect(() => {
    void api()
      .GET('/api/v1/organisations')
      .then((res) => {
        const all = res.data ?? [];
        const root = all.find((o) => o.id === below);
        // `path` is the materialised path of ids: a descendant's path extends its ancestor's
        setOrgs(root ? all.filter((o) => o.path.startsWith(`${root.path}/`)) : []);
      });
  }, [below]);
  return (
    <Form.Item label={label} name={name} rules={required ? [{ required: true }] : []}>
      <Select
        loading={orgs === undefined}
        showSearch={{ optionFilterProp: 'label' }}
        options={(orgs ?? []).map((o) => ({ value: o.id, label: `${o.name}（${t(`level.${o.level}`)}）` }))}
      />
    </Form.Item>
  );
}
