/**
 * Forms generated from a request body's JSON schema in the API's OpenAPI document (/docs-json): one field per property,
 * nested objects as groups, arrays of objects as repeatable groups, enums as selects, dates as date pickers. The schema's
 * own limits (required, length, pattern) check as the officer types; what only the server knows (the rules of the action,
 * with their article) comes back as the error body's `issues`, each shown beside the field its `path` names
 * (`authors[1].measures[0].years` → that input), and all of them listed above the buttons.
 */
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Switch, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { Issue, JsonSchema, OpenApiDocument } from './api';
import { resolveSchema } from './api';
import { useI18n } from './i18n';

export type NamePath = (string | number)[];

/** Renders a field the schema alone cannot (an organisation picker, catalogue codes): keyed by the dotted path without indexes. */
export type FieldOverrides = Record<string, (props: { name: NamePath; label: string; required: boolean; schema: JsonSchema }) => ReactNode>;

/** `authors[1].measures[0].years` → ['authors', 1, 'measures', 0, 'years']; '' → []. */
export function issuePath(path: string): NamePath {
  const out: NamePath = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** The issue's text as the officer reads it: the message, and the article it comes from. */
export function issueText(issue: Issue): string {
  return issue.article ? `${issue.message}（${issue.article}）` : issue.message;
}

/** Puts each issue beside its field; returns those no field shows (the whole body, headers). */
export function showIssues(form: FormInstance, issues: Issue[], fieldOf: (name: NamePath) => NamePath | undefined): Issue[] {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: Issue[] = [];
  for (const issue of issues) {
    const name = fieldOf(issuePath(issue.path));
    if (name && name.length > 0) {
      const key = JSON.stringify(name);
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(issueText(issue));
      byField.set(key, entry);
    } else rest.push(issue);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return rest;
}

/**
 * Where an issue at `name` shows: the field the schema renders for it, or undefined when the schema has none. Items of
 * a list of plain values (`checkedBy[0]`) show at the list's field, which renders them together.
 */
export function fieldFor(doc: OpenApiDocument, schema: JsonSchema, name: NamePath): NamePath | undefined {
  let s: JsonSchema | undefined = resolveSchema(doc, schema);
  for (let i = 0; i < name.length; i++) {
    const part = name[i];
    if (!s) return undefined;
    if (typeof part === 'number') {
      if (s.type !== 'array' || !s.items) return undefined;
      const item = resolveSchema(doc, s.items);
      if (item.type !== 'object') return name.slice(0, i);
      s = item;
    } else s = s.properties?.[part] ? resolveSchema(doc, s.properties[part]) : undefined;
  }
  return s ? name : undefined;
}

/**
 * Form values → the request body, by the schema: dates as YYYY-MM-DD; empty strings, untouched optional fields and
 * empty optional groups left out; a required list sent even when empty (e.g. an author's `misconductTypes: []`).
 */
export function toBody(doc: OpenApiDocument, schema: JsonSchema, value: unknown): unknown {
  const s = resolveSchema(doc, schema);
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (Array.isArray(value)) {
    const items = (value as unknown[]).map((v) => (s.items ? toBody(doc, s.items, v) : v)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    for (const [k, v] of Object.entries(value)) {
      const prop = s.properties?.[k];
      const b = prop ? toBody(doc, prop, v) : toBody(doc, {}, v);
      if (b !== undefined) out[k] = b;
    }
    for (const k of required) {
      const prop = s.properties?.[k];
      if (out[k] === undefined && prop && resolveSchema(doc, prop).type === 'array' && (resolveSchema(doc, prop).minItems ?? 0) === 0)
        out[k] = [];
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (value === '' || value === null) return undefined;
  return value;
}

interface FieldsProps {
  doc: OpenApiDocument;
  schema: JsonSchema;
  /** Name prefix of these fields (relative inside a Form.List item). */
  prefix: NamePath;
  /** Dotted path of the schema position, for overrides and ids (no indexes). */
  path: string;
  overrides?: FieldOverrides;
  /** The parent group is optional: its fields' own `required` is left to the server. */
  optionalParent?: boolean;
}

/** The fields of an object schema. */
export function SchemaFields({ doc, schema, prefix, path, overrides, optionalParent }: FieldsProps) {
  const s = resolveSchema(doc, schema);
  const required = new Set(s.required ?? []);
  return (
    <>
      {Object.entries(s.properties ?? {}).map(([key, prop]) => (
        <SchemaField
          key={key}
          doc={doc}
          schema={prop}
          name={[...prefix, key]}
          path={path ? `${path}.${key}` : key}
          fieldKey={key}
          required={required.has(key) && !optionalParent}
          overrides={overrides}
        />
      ))}
    </>
  );
}

interface FieldProps {
  doc: OpenApiDocument;
  schema: JsonSchema;
  name: NamePath;
  path: string;
  fieldKey: string;
  required: boolean;
  overrides?: FieldOverrides;
}

function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}

function SchemaField({ doc, schema, name, path, fieldKey, required, overrides }: FieldProps) {
  const { t } = useI18n();
  const s = resolveSchema(doc, schema);
  const label = t(`field.${fieldKey}`);
  const override = overrides?.[path];
  if (override) return <>{override({ name, label, required, schema: s })}</>;
  const rules = fieldRules(s, label, required, t);
  const tooltip = s.description;
  const id = fieldId(path);

  if (s.type === 'object' && s.properties) {
    return (
      <Card size="small" title={required ? label : `${label}${t('form.optionalGroup')}`} style={{ marginBottom: 12 }} id={id}>
        <SchemaFields doc={doc} schema={s} prefix={name} path={path} overrides={overrides} optionalParent={!required} />
      </Card>
    );
  }
  if (s.type === 'array' && s.items) {
    const item = resolveSchema(doc, s.items);
    if (item.type === 'object' && item.properties) {
      return (
        <Card size="small" title={label} style={{ marginBottom: 12 }} id={id}>
          <Form.List name={name} initialValue={required && (s.minItems ?? 0) > 0 ? [{}] : []}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    title={`${label} ${index + 1}`}
                    extra={
                      <Button size="small" danger onClick={() => remove(field.name)} className={`remove-${id}`}>
                        {t('form.remove')}
                      </Button>
                    }
                    style={{ marginBottom: 8 }}
                  >
                    <SchemaFields doc={doc} schema={item} prefix={[field.name]} path={path} overrides={overrides} />
                  </Card>
                ))}
                <Button onClick={() => add({})} id={`add-${id}`}>
                  {t('form.add')}
                  {label}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Card>
      );
    }
    const options = (item.enum ?? []).map((v) => ({ value: String(v), label: enumLabel(t, fieldKey, String(v)) }));
    return (
      <Form.Item label={label} name={name} rules={rules} tooltip={tooltip}>
        <Select mode={item.enum ? 'multiple' : 'tags'} options={options} tokenSeparators={item.enum ? undefined : [',', '，', '、']} />
      </Form.Item>
    );
  }
  if (s.type === 'boolean') {
    if (s.enum && s.enum.length === 1 && s.enum[0] === true) {
      return (
        <Form.Item
          name={name}
          valuePropName="checked"
          rules={
            required
              ? [{ required: true, transform: (v: boolean) => v || undefined, type: 'boolean', message: t('form.required', { label }) }]
              : []
          }
          tooltip={tooltip}
        >
          <Checkbox>{label}</Checkbox>
        </Form.Item>
      );
    }
    return (
      <Form.Item label={label} name={name} valuePropName="checked" tooltip={tooltip} initialValue={required ? false : undefined}>
        <Switch />
      </Form.Item>
    );
  }
  if (s.enum) {
    return (
      <Form.Item label={label} name={name} rules={rules} tooltip={tooltip}>
        <Select allowClear={!required} options={s.enum.map((v) => ({ value: String(v), label: enumLabel(t, fieldKey, String(v)) }))} />
      </Form.Item>
    );
  }
  if (s.type === 'integer' || s.type === 'number') {
    return (
      <Form.Item label={label} name={name} rules={rules} tooltip={tooltip}>
        <InputNumber min={s.minimum} max={s.maximum} precision={s.type === 'integer' ? 0 : undefined} />
      </Form.Item>
    );
  }
  if (s.format === 'date') {
    return (
      <Form.Item
        label={label}
        name={name}
        rules={required ? [{ required: true, message: t('form.required', { label }) }] : []}
        tooltip={tooltip}
        getValueProps={(v: string | Dayjs | undefined) => ({ value: typeof v === 'string' ? dayjs(v) : v })}
      >
        <DatePicker format="YYYY-MM-DD" />
      </Form.Item>
    );
  }
  return (
    <Form.Item label={label} name={name} rules={rules} tooltip={tooltip}>
      {(s.maxLength ?? 0) > 300 ? <Input.TextArea rows={3} /> : <Input />}
    </Form.Item>
  );
}

function enumLabel(t: (k: string) => string, fieldKey: string, value: string): string {
  const prefix = fieldKey === 'kind' && ['team', 'expert'].includes(value) ? 'memberKind' : fieldKey === 'source' ? 'source' : fieldKey;
  const text = t(`${prefix}.${value}`);
  return text === value ? value : `${text}`;
}

type Rule = NonNullable<Parameters<typeof Form.Item>[0]['rules']>[number];

function fieldRules(
  s: JsonSchema,
  label: string,
  required: boolean,
  t: (k: string, v?: Record<string, string | number>) => string,
): Rule[] {
  const rules: Rule[] = [];
  const mayBeEmpty = s.type === 'array' && (s.minItems ?? 0) === 0;
  if (required && !mayBeEmpty) rules.push({ required: true, message: t('form.required', { label }) });
  if (s.type === 'string' && s.maxLength !== undefined)
    rules.push({ max: s.maxLength, message: t('form.tooLong', { label, n: s.maxLength }) });
  if (s.type === 'string' && s.pattern) {
    try {
      rules.push({ pattern: new RegExp(s.pattern, 'u'), message: t('form.pattern', { label }) });
    } catch {
      /* a pattern this browser cannot compile: the server checks it */
    }
  }
  return rules;
}

/** The issues no field shows, listed (every issue also sits beside its field). */
export function IssueList({ issues: all, title }: { issues: Issue[]; title: string }) {
  // the API's message often is the one issue itself: not twice
  const issues = all.length === 1 && title.endsWith(all[0].message) ? [] : all;
  return (
    <Alert
      type="error"
      className="form-refusal"
      title={title}
      description={
        issues.length > 0 && (
          <Space orientation="vertical" size={0}>
            {issues.map((i, n) => (
              <span key={n} data-path={i.path}>
                {i.path ? `${i.path}: ` : ''}
                {issueText(i)}
              </span>
            ))}
          </Space>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}
