/**
 * The decision form editor (办理结果, issue 24 point 5), the `form` field of the `decide` action: authors in byline
 * order; misconduct types, severity, measures (with their periods), mitigating and aggravating factors, all picked
 * from the catalogue of the case's policy profile (GET /policy-profiles/{code}/catalogue); several authors filled at
 * once; the rules checked as the officer types with the domain's own validator (libs/domain/src/decision: the same
 * rules and messages, with their article, that the API applies on `decide`); the required attachments listed against
 * the evidence already uploaded.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  type FormInstance,
} from 'antd';
import { useState } from 'react';
import {
  applyToAuthors,
  validateDecisionForm,
  type AuthorEntry,
  type DecisionForm,
  type DecisionIssue,
  type PenaltyFields,
} from '@libs/domain/src/decision/decision-form';
import type { Schema } from './api';
import { useI18n } from './i18n';
import { issuePath, issueText, type NamePath } from './SchemaForm';

type Catalogue = Schema<'DecisionCatalogue'>;
type Entry = { code: string; zh: string; en: string };

/** The form as typed → the DecisionForm the API takes (empty optional fields left out, lists kept). */
export function decisionFromValues(v: unknown): DecisionForm | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const f = v as { result?: string; otherText?: string; authors?: Array<Partial<AuthorEntry> | undefined> };
  const authors = (f.authors ?? [])
    .filter((a): a is Partial<AuthorEntry> => !!a)
    .map((a, i) => {
      const out: Record<string, unknown> = {
        order: a.order ?? i + 1,
        name: a.name ?? '',
        organisation: a.organisation ?? '',
        idNumber: a.idNumber ?? '',
        penalise: a.penalise ?? false,
        misconductTypes: a.misconductTypes ?? [],
        measures: (a.measures ?? [])
          .filter((m) => m && m.code)
          .map((m) => Object.fromEntries(Object.entries(m).filter(([, x]) => x !== undefined && x !== null && x !== '' && x !== false))),
        mitigating: a.mitigating ?? [],
        aggravating: a.aggravating ?? [],
      };
      if (a.severity) out.severity = a.severity;
      if (a.idType) out.idType = a.idType;
      return out as unknown as AuthorEntry;
    });
  const form: Record<string, unknown> = { result: f.result, authors };
  if (f.otherText) form.otherText = f.otherText;
  return form as unknown as DecisionForm;
}

/** Checks the form as the API will on `decide` and puts each issue beside its field; returns them all. */
export function checkDecision(form: FormInstance, name: NamePath, profile: string, previous: DecisionIssue[]): DecisionIssue[] {
  const value = decisionFromValues(form.getFieldValue(name));
  const issues = value ? validateDecisionForm(profile, value, { mode: 'submit' }) : [];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  // clear what the last check put there, then set what this one finds
  for (const i of previous)
    byField.set(JSON.stringify([...name, ...issuePath(i.path)]), { name: [...name, ...issuePath(i.path)], errors: [] });
  for (const i of issues) {
    const n = [...name, ...issuePath(i.path)];
    const key = JSON.stringify(n);
    const entry = byField.get(key) ?? { name: n, errors: [] };
    entry.errors.push(issueText(i));
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return issues;
}

interface Props {
  form: FormInstance;
  name: NamePath;
  profile: string;
  catalogue: Catalogue;
  /** Kinds of the evidence files uploaded so far. */
  uploadedKinds: string[];
  issues: DecisionIssue[];
  onChanged: () => void;
}

export function DecisionEditor({ form, name, catalogue, uploadedKinds, issues, onChanged }: Props) {
  const { t, local } = useI18n();
  const options = (entries: readonly Entry[]) => entries.map((e) => ({ value: e.code, label: `${e.code} ${local(e)}` }));
  const [bulkOrders, setBulkOrders] = useState<number[]>([]);
  const [bulk, setBulk] = useState<Partial<PenaltyFields>>({});
  const authors = (Form.useWatch([...name, 'authors'], form) as Array<Partial<AuthorEntry>> | undefined) ?? [];

  const applyBulk = () => {
    const current = decisionFromValues(form.getFieldValue(name));
    if (!current || bulkOrders.length === 0) return;
    const entry: PenaltyFields = {
      penalise: true,
      misconductTypes: bulk.misconductTypes ?? [],
      severity: bulk.severity,
      measures: bulk.measures ?? [],
      mitigating: bulk.mitigating ?? [],
      aggravating: bulk.aggravating ?? [],
    };
    const next = applyToAuthors(current, bulkOrders, entry);
    form.setFieldValue(name, next);
    onChanged();
  };

  return (
    <Card size="small" title={t('field.form')} id="decision-editor" style={{ marginBottom: 12 }}>
      <Form.Item label={t('field.result')} name={[...name, 'result']}>
        <Select
          options={(['misconduct', 'no_misconduct', 'other'] as const).map((r) => ({ value: r, label: t(`result.${r}`) }))}
          onChange={onChanged}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {() =>
          form.getFieldValue([...name, 'result']) === 'other' && (
            <Form.Item label={t('field.otherText')} name={[...name, 'otherText']}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.List name={[...name, 'authors']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                type="inner"
                className="decision-author"
                title={`${t('field.authors')} ${index + 1}`}
                extra={
                  <Button size="small" danger onClick={() => (remove(field.name), onChanged())}>
                    {t('form.remove')}
                  </Button>
                }
                style={{ marginBottom: 8 }}
              >
                <Row gutter={8}>
                  <Col span={4}>
                    <Form.Item label={t('field.order')} name={[field.name, 'order']} initialValue={index + 1}>
                      <InputNumber min={1} precision={0} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item label={t('field.name')} name={[field.name, 'name']}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item label={t('field.organisation')} name={[field.name, 'organisation']}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item label={t('field.idNumber')} name={[field.name, 'idNumber']}>
                      <Input />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item label={t('field.penalise')} name={[field.name, 'penalise']} valuePropName="checked" initialValue={false}>
                  <Switch />
                </Form.Item>
                {authors[index]?.penalise && (
                  <>
                    <Row gutter={8}>
                      <Col span={12}>
                        <Form.Item label={t('field.misconductTypes')} name={[field.name, 'misconductTypes']}>
                          <Select mode="multiple" options={options(catalogue.misconductTypes)} />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item label={t('field.severity')} name={[field.name, 'severity']}>
                          <Select
                            allowClear
                            options={catalogue.severityLevels.map((s) => ({ value: s.code, label: `${s.code} ${local(s)}` }))}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.List name={[field.name, 'measures']}>
                      {(mFields, m) => (
                        <Form.Item label={t('field.measures')}>
                          {mFields.map((mf) => (
                            <Space key={mf.key} align="baseline" wrap>
                              <Form.Item name={[mf.name, 'code']}>
                                <Select style={{ width: 360 }} options={options(catalogue.measures)} />
                              </Form.Item>
                              <Form.Item name={[mf.name, 'years']}>
                                <InputNumber min={1} precision={0} addonAfter={t('field.years')} />
                              </Form.Item>
                              <Form.Item name={[mf.name, 'permanent']} valuePropName="checked">
                                <Checkbox>{t('field.permanent')}</Checkbox>
                              </Form.Item>
                              <Form.Item name={[mf.name, 'text']}>
                                <Input placeholder={t('field.text')} />
                              </Form.Item>
                              <Button size="small" onClick={() => (m.remove(mf.name), onChanged())}>
                                {t('form.remove')}
                              </Button>
                            </Space>
                          ))}
                          <Button size="small" onClick={() => m.add({})} className="add-measure">
                            {t('form.add')}
                            {t('field.measures')}
                          </Button>
                        </Form.Item>
                      )}
                    </Form.List>
                  </>
                )}
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item label={t('field.mitigating')} name={[field.name, 'mitigating']}>
                      <Select mode="multiple" options={options(catalogue.mitigatingFactors)} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label={t('field.aggravating')} name={[field.name, 'aggravating']}>
                      <Select mode="multiple" options={options(catalogue.aggravatingFactors)} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Button onClick={() => add({ order: fields.length + 1, penalise: false })} id="add-author">
              {t('form.add')}
              {t('field.authors')}
            </Button>
          </>
        )}
      </Form.List>

      <Card size="small" type="inner" title={t('decision.bulk')} style={{ marginTop: 12 }} id="decision-bulk">
        <Space wrap align="start">
          <Select
            mode="multiple"
            style={{ minWidth: 160 }}
            placeholder={t('field.authors')}
            value={bulkOrders}
            onChange={setBulkOrders}
            options={authors.map((a, i) => ({ value: a?.order ?? i + 1, label: `${a?.order ?? i + 1} ${a?.name ?? ''}` }))}
          />
          <Select
            mode="multiple"
            style={{ minWidth: 220 }}
            placeholder={t('field.misconductTypes')}
            value={bulk.misconductTypes}
            onChange={(v: string[]) => setBulk({ ...bulk, misconductTypes: v })}
            options={options(catalogue.misconductTypes)}
          />
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('field.severity')}
            value={bulk.severity}
            onChange={(v: string) => setBulk({ ...bulk, severity: v })}
            options={catalogue.severityLevels.map((s) => ({ value: s.code, label: `${s.code} ${local(s)}` }))}
          />
          <Select
            mode="multiple"
            style={{ minWidth: 260 }}
            placeholder={t('field.measures')}
            value={(bulk.measures ?? []).map((m) => m.code)}
            onChange={(codes: string[]) => setBulk({ ...bulk, measures: codes.map((code) => ({ code })) })}
            options={options(catalogue.measures)}
          />
          <Button onClick={applyBulk} disabled={bulkOrders.length === 0}>
            {t('decision.applyBulk')}
          </Button>
        </Space>
      </Card>

      <Card size="small" type="inner" title={t('decision.attachments')} style={{ marginTop: 12 }} id="decision-attachments">
        <List
          size="small"
          dataSource={catalogue.attachmentKinds.filter((k) => k.required)}
          renderItem={(k) => (
            <List.Item>
              {uploadedKinds.includes(k.code) ? <Tag color="green">✓</Tag> : <Tag color="red">✗</Tag>} {local(k)}（{k.article}）
            </List.Item>
          )}
        />
      </Card>

      {issues.length > 0 && (
        <Alert
          type="warning"
          id="decision-issues"
          style={{ marginTop: 12 }}
          title={t('decision.issues', { n: issues.length })}
          description={
            <Space orientation="vertical" size={0}>
              {issues.map((i, n) => (
                <span key={n} data-path={i.path} data-rule={i.rule}>
                  {i.path ? `${i.path}: ` : ''}
                  {issueText(i)}
                </span>
              ))}
            </Space>
          }
        />
      )}
    </Card>
  );
}
