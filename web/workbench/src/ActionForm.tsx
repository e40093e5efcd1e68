/**
 * An action of a case or a paper as a form: the body schema of `POST /api/v1/<cases|papers>/{id}/actions/<action>` in
 * the served OpenAPI document, rendered by SchemaForm; sent with If-Match (the version the page shows). The submit
 * button is enabled only once the form's schema has arrived and while the page is not fetching its record again (after
 * a 412, the version it will send is the one that reload brings), and waits while a submission runs. Submitting takes
 * the previous refusal away at once, so what the form shows always answers the last submission. A refusal puts each
 * issue beside its field; a 412 (the record changed meanwhile: someone else acted, or the system recorded something,
 * e.g. the reporter's notice mailed after `accept`) reloads the page's data and keeps what was entered.
 */
import { App, Form, Modal, Spin } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DecisionIssue } from '@libs/domain/src/decision/decision-form';
import {
  api,
  asError,
  bodySchema,
  openApiDocument,
  type ErrorBody,
  type Issue,
  type JsonSchema,
  type OpenApiDocument,
  type Schema,
} from './api';
import { useI18n } from './i18n';
import { checkDecision, decisionFromValues, DecisionEditor } from './DecisionEditor';
import { IssueList, SchemaFields, fieldFor, showIssues, toBody, type FieldOverrides } from './SchemaForm';
import { UserPicker } from './UserPicker';

/** What the decision form editor needs from the case page (the `form` field of `decide`). */
export interface DecisionContext {
  profile: string;
  catalogue: Schema<'DecisionCatalogue'>;
  uploadedKinds: string[];
}

export type Resource = 'cases' | 'papers';

interface Props {
  resource: Resource;
  id: string;
  action: string;
  version: number;
  open: boolean;
  onClose: () => void;
  /** After the action: the answer's body (CaseActionResult or PaperActionResult). */
  onDone: (result: unknown) => void;
  /** After a 412: the page reloads its data. */
  onStale: () => void;
  /** The page is fetching its record again: the version it holds is about to change, so nothing is sent meanwhile. */
  reloading?: boolean;
  overrides?: FieldOverrides;
  extra?: ReactNode;
  /** For `decide`: the decision form editor in place of the generic `form` field. */
  decision?: DecisionContext;
  /** The case's handling organisation: staff pickers offer its accounts. */
  orgId?: string;
}

export function ActionForm({
  resource,
  id,
  action,
  version,
  open,
  onClose,
  onDone,
  onStale,
  reloading = false,
  overrides,
  extra,
  decision,
  orgId,
}: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [doc, setDoc] = useState<OpenApiDocument>();
  const [schema, setSchema] = useState<JsonSchema>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/${resource}/{id}/actions/${action}`;
  const [decisionIssues, setDecisionIssues] = useState<DecisionIssue[]>([]);
  const recheck = () => {
    if (decision && form.getFieldValue(['form']) !== undefined)
      setDecisionIssues((prev) => checkDecision(form, ['form'], decision.profile, prev));
  };
  const allOverrides = useMemo<FieldOverrides | undefined>(
    () =>
      decision && action === 'decide'
        ? {
            ...overrides,
            // staff named by user id
            checkedBy: (p) => <UserPicker key="checkedBy" {...p} orgId={orgId} />,
            form: ({ name }) => (
              <DecisionEditor
                key="decision"
                form={form}
                name={name}
                profile={decision.profile}
                catalogue={decision.catalogue}
                uploadedKinds={decision.uploadedKinds}
                issues={decisionIssues}
                onChanged={recheck}
              />
            ),
          }
        : { ...overrides, checkedBy: (p) => <UserPicker key="checkedBy" {...p} orgId={orgId} /> },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [decision, action, overrides, form, decisionIssues, orgId],
  );

  useEffect(() => {
    if (!open) return;
    void openApiDocument().then((d) => {
      setDoc(d);
      setSchema(bodySchema(d, path) ?? { type: 'object', properties: {} });
    });
  }, [open, path]);

  const submit = async () => {
    if (!doc || !schema || reloading || busy) return;
    // at once, in the click: the last submission's refusal never stands beside this one's outcome
    setIssues([]);
    setRefusal(undefined);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const values = form.getFieldsValue(true) as Record<string, unknown>;
      const body = (toBody(doc, schema, { ...values, form: undefined }) ?? {}) as Record<string, unknown>;
      // the decision form as the editor holds it (lists kept even when empty), not through the generic conversion
      if (decision && action === 'decide' && values.form !== undefined) body.form = decisionFromValues(values.form);
      else if (values.form !== undefined) body.form = toBody(doc, schema.properties?.form ?? {}, values.form);
      const post = api().POST as unknown as (
        p: string,
        init: unknown,
      ) => Promise<{ data?: unknown; error?: ErrorBody; response: Response }>;
      const res = await post(path, { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body });
      if (res.data !== undefined && res.response.ok) {
        void message.success(t('form.done', { action: t(`action.${action}`) }));
        form.resetFields();
        onDone(res.data);
        return;
      }
      const err = asError(res.response.status, res.error);
      if (res.response.status === 412) {
        setRefusal(t('form.stale'));
        onStale();
        return;
      }
      setRefusal(err.body.message);
      showIssues(form, err.body.issues, (n) => fieldFor(doc, schema, n));
      setIssues(err.body.issues);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(`action.${action}`)}
      width={760}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ id: 'action-submit', disabled: !doc || !schema || reloading, title: reloading ? t('form.loading') : undefined }}
      wrapClassName={`action-modal action-${action}`}
    >
      {!doc || !schema ? (
        <Spin />
      ) : (
        <Form form={form} layout="vertical" id={`action-form-${action}`} preserve={false} onValuesChange={recheck}>
          {extra}
          <SchemaFields doc={doc} schema={schema} prefix={[]} path="" overrides={allOverrides} />
          {refusal && <IssueList title={refusal} issues={issues} />}
        </Form>
      )}
    </Modal>
  );
}
