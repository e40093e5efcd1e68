/**
 * Register a case: every field of POST /api/v1/cases, generated from its schema (CreateCaseDto in /docs-json), with the
 * handling organisation picked from the caller's subtree and the allegations from the catalogue of that organisation's
 * policy profile. The server's refusals sit beside the fields they name; nothing is written on a refusal.
 */
import { Button, Card, Form, Select, Spin, App } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import {
  api,
  asError,
  type ProfileCode,
  bodySchema,
  openApiDocument,
  todayShanghai,
  type Issue,
  type JsonSchema,
  type Me,
  type OpenApiDocument,
  type Schema,
} from '../api';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { IssueList, SchemaFields, fieldFor, showIssues, toBody, type FieldOverrides } from '../SchemaForm';

type CreateCase = Schema<'CreateCaseDto'>;

export function RegisterCase({ me }: { me: Me }) {
  const { t, local } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [doc, setDoc] = useState<OpenApiDocument>();
  const [schema, setSchema] = useState<JsonSchema>();
  const [orgs, setOrgs] = useState<Schema<'OrganisationView'>[]>([]);
  const [catalogue, setCatalogue] = useState<Schema<'DecisionCatalogue'>>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const handlingOrgId = Form.useWatch('handlingOrgId', form) as string | undefined;

  useEffect(() => {
    void openApiDocument().then((d) => {
      setDoc(d);
      setSchema(bodySchema(d, '/api/v1/cases'));
    });
    void api()
      .GET('/api/v1/organisations')
      .then((r) => setOrgs((r.data ?? []).filter((o) => o.path.split('/').includes(me.organisation.id))));
  }, [me.organisation.id]);

  const profile = orgs.find((o) => o.id === handlingOrgId)?.policyProfile;
  useEffect(() => {
    if (!profile) return;
    void api()
      .GET('/api/v1/policy-profiles/{code}/catalogue', { params: { path: { code: profile as ProfileCode } } })
      .then((r) => setCatalogue(r.data));
  }, [profile]);

  const overrides = useMemo<FieldOverrides>(
    () => ({
      handlingOrgId: ({ name, label }) => (
        <Form.Item key="org" label={label} name={name} rules={[{ required: true, message: t('form.required', { label }) }]}>
          <Select options={orgs.map((o) => ({ value: o.id, label: o.name }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      ),
      allegations: ({ name, label }) => (
        <Form.Item key="allegations" label={label} name={name} rules={[{ required: true, message: t('form.required', { label }) }]}>
          <Select
            mode="multiple"
            options={(catalogue?.misconductTypes ?? []).map((m) => ({ value: m.code, label: `${m.code} ${local(m)}` }))}
          />
        </Form.Item>
      ),
    }),
    [orgs, catalogue, t, local],
  );

  const submit = async () => {
    if (!doc || !schema) return;
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setIssues([]);
    setRefusal(undefined);
    try {
      const body = toBody(doc, schema, form.getFieldsValue(true)) as CreateCase;
      const res = await api().POST('/api/v1/cases', { body });
      if (res.data) {
        void message.success(t('register.done', { number: res.data.number }));
        navigate({ page: 'case', id: res.data.id });
        return;
      }
      const err = asError(res.response.status, res.error);
      setRefusal(err.body.message);
      showIssues(form, err.body.issues, (n) => fieldFor(doc, schema, n));
      setIssues(err.body.issues);
    } finally {
      setBusy(false);
    }
  };

  if (!doc || !schema) return <Spin />;
  return (
    <Card title={t('register.title')} style={{ maxWidth: 900 }}>
      <Form
        form={form}
        layout="vertical"
        id="register-form"
        initialValues={{ handlingOrgId: me.organisation.id, receivedAt: dayjs(todayShanghai()), source: 'report' }}
      >
        <SchemaFields doc={doc} schema={schema} prefix={[]} path="" overrides={overrides} />
        {refusal && <IssueList title={refusal} issues={issues} />}
        <Button type="primary" onClick={() => void submit()} loading={busy} id="register-submit">
          {t('form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
