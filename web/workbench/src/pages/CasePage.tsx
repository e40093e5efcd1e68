/**
 * The case page: header, deadlines (due day, status, working days), the actions the caller may take now (buttons, each a
 * form generated from the action's schema), the timeline, evidence files (upload with kind, download), the reporter's
 * identity behind an explicit, audited reveal, and the denied-access list. Whatever the API refuses (404 for a case the
 * caller may not see, 403 for the reporter or the denials) is shown as such; the page never works around it.
 */
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Modal, Result, Row, Select, Space, Spin, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, asError, type ProfileCode, type Case, type Me, type Schema } from '../api';
import { ActionForm } from '../ActionForm';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { DaysLeft, PHASE_COLORS } from './MyWork';

type Deadline = Schema<'DeadlineView'>;
type CaseEvent = Schema<'CaseEvent'>;
type EvidenceFile = Schema<'EvidenceFile'>;

const FILE_KINDS = ['institution_report', 'author_statement', 'interview_records', 'raw_data', 'submission_records', 'unit_conclusion', 'decision_letter', 'original_paper', 'other', 'report_material'] as const;
type FileKind = (typeof FILE_KINDS)[number];

export function CasePage({ me, id }: { me: Me; id: string }) {
  const { t, local } = useI18n();
  const [c, setCase] = useState<Case | null>();
  const [events, setEvents] = useState<CaseEvent[]>([]);
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [orgName, setOrgName] = useState<string>();
  const [profile, setProfile] = useState<Schema<'PolicyProfile'>>();
  const [catalogue, setCatalogue] = useState<Schema<'DecisionCatalogue'>>();
  const [action, setAction] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    const res = await api().GET('/api/v1/cases/{id}', { params: { path: { id } } });
    if (res.response.status === 404) return setCase(null);
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    const found = res.data;
    setCase(found);
    const [timeline, list] = await Promise.all([
      api().GET('/api/v1/cases/{id}/timeline', { params: { path: { id: found.id } } }),
      api().GET('/api/v1/cases/{id}/files', { params: { path: { id: found.id } } }),
    ]);
    setEvents(timeline.data ?? []);
    setFiles(list.data ?? []);
  }, [id]);

  useEffect(() => void load(), [load]);

  useEffect(() => {
    if (!c) return;
    void api()
      .GET('/api/v1/organisations/{id}', { params: { path: { id: c.handlingOrgId } } })
      .then((r) => setOrgName(r.data?.name));
    void api()
      .GET('/api/v1/policy-profiles/{code}', { params: { path: { code: c.profile as ProfileCode } } })
      .then((r) => setProfile(r.data));
    void api()
      .GET('/api/v1/policy-profiles/{code}/catalogue', { params: { path: { code: c.profile as ProfileCode } } })
      .then((r) => setCatalogue(r.data));
  }, [c?.handlingOrgId, c?.profile]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <Alert type="error" title={t('error.generic', { message: error })} />;
  if (c === undefined) return <Spin />;
  if (c === null) {
    return (
      <Result
        status="404"
        title={<span id="case-not-found">{t('case.notFound')}</span>}
        subTitle={t('case.notFoundHint')}
        extra={<Button onClick={() => navigate({ page: 'work' })}>{t('nav.work')}</Button>}
      />
    );
  }

  const kindLabel = (kind: string) => local(profile?.deadlines.find((d) => d.kind === kind)?.label, kind);
  const allegationLabel = (code: string) => {
    const entry = catalogue?.misconductTypes.find((m) => m.code === code);
    return entry ? `${code} ${local(entry)}` : code;
  };
  const supervisorOnly = me.roles.every((r) => r === 'supervisor');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} id="case-page" data-version={c.version} data-phase={c.phase}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          <span id="case-number">{c.number}</span> {c.title}
        </Typography.Title>
        <Descriptions column={3} size="small" bordered>
          <Descriptions.Item label={t('case.phase')}>
            <Tag color={PHASE_COLORS[c.phase]} id="case-phase">
              {t(`phase.${c.phase}`)}
            </Tag>
            {supervisorOnly && <Tag>{t('case.readOnly')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.profile')}>{profile ? `${local(profile.name)}（${c.profile}）` : c.profile}</Descriptions.Item>
          <Descriptions.Item label={t('case.handlingOrg')}>{orgName ?? ''}</Descriptions.Item>
          <Descriptions.Item label={t('case.receivedAt')}>{c.receivedAt}</Descriptions.Item>
          <Descriptions.Item label={t('case.source')}>{t(`source.${c.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.subjects')}>{c.subjects.map((s) => (s.organisation ? `${s.name}（${s.organisation}）` : s.name)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('case.allegations')} span={2}>
            {c.allegations.map(allegationLabel).join('；')}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.paper')}>{c.paper ? `${c.paper.title}${c.paper.doi ? `（${c.paper.doi}）` : ''}` : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('case.actions')} id="case-actions">
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {c.allowedActions.map((a) => (
              <Button key={a} type="primary" ghost data-action={a} className="action-button" onClick={() => setAction(a)}>
                {t(`action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {action && (
        <ActionForm
          resource="cases"
          id={c.id}
          action={action}
          version={c.version}
          open
          onClose={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            void load();
          }}
          onStale={() => void load()}
          orgId={c.handlingOrgId}
          decision={catalogue ? { profile: c.profile, catalogue, uploadedKinds: files.map((f) => f.kind) } : undefined}
        />
      )}

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('case.deadlines')} id="case-deadlines">
            <Table<Deadline>
              rowKey={(d) => `${d.kind}-${d.dueDate}`}
              size="small"
              pagination={false}
              dataSource={c.deadlines}
              columns={[
                { title: t('deadline.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k) },
                { title: t('deadline.due'), dataIndex: 'dueDate', render: (d: string, row) => (row.provisional ? <span title={t('deadline.provisional')}>{d} *</span> : d) },
                { title: t('deadline.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'overdue' ? 'red' : s === 'open' ? 'blue' : 'default'}>{t(`status.${s}`)}</Tag> },
                { title: t('deadline.days'), key: 'days', render: (_, d) => (d.status === 'open' || d.status === 'overdue' ? <DaysLeft due={d.dueDate} overdue={d.status === 'overdue'} /> : null) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('case.timeline')} id="case-timeline">
            {events.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={events.map((e) => ({
                  key: e.seq,
                  color: e.actor ? 'blue' : 'gray',
                  content: (
                    <span data-event={e.type}>
                      <b>{t(`event.${e.type}`)}</b> {new Date(e.at).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' })}
                      {e.actor?.name ? ` · ${e.actor.name}` : ''}
                    </span>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      <EvidenceFiles caseId={c.id} files={files} canUpload={!supervisorOnly} onUploaded={() => void load()} />

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          {!supervisorOnly && <ReporterCard caseId={c.id} />}
        </Col>
        <Col xs={24} lg={12}>
          <DenialsCard caseId={c.id} />
        </Col>
      </Row>
    </Space>
  );
}

function EvidenceFiles({ caseId, files, canUpload, onUploaded }: { caseId: string; files: EvidenceFile[]; canUpload: boolean; onUploaded: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<FileKind>('other');
  const [error, setError] = useState<string>();

  const upload = async (file: File) => {
    setError(undefined);
    const res = await api().POST('/api/v1/cases/{id}/files', {
      params: { path: { id: caseId } },
      body: { kind: kind as never, file: '' }, // typed by the document; the form below carries it
      bodySerializer: () => {
        const form = new FormData();
        form.append('kind', kind);
        form.append('file', file, file.name);
        return form;
      },
    });
    if (res.data) {
      void message.success(t('files.uploaded', { name: file.name }));
      onUploaded();
    } else {
      const err = asError(res.response.status, res.error);
      setError([err.message, ...err.body.issues.map((i) => `${i.path}: ${i.message}`)].join('；'));
    }
  };

  const download = async (f: EvidenceFile) => {
    const res = await api().GET('/api/v1/cases/{id}/files/{fileId}', { params: { path: { id: caseId, fileId: f.id } }, parseAs: 'blob' });
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    const url = URL.createObjectURL(res.data);
    const a = document.createElement('a');
    a.href = url;
    a.download = f.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <Card title={t('case.files')} id="case-files">
      {canUpload && (
        <Form layout="inline" style={{ marginBottom: 12 }}>
          <Form.Item label={t('files.kind')}>
            <Select id="file-kind" style={{ width: 200 }} value={kind} onChange={setKind} options={FILE_KINDS.map((k) => ({ value: k, label: t(`fileKind.${k}`) }))} />
          </Form.Item>
          <Form.Item>
            <Upload
              showUploadList={false}
              customRequest={({ file, onSuccess }) => {
                void upload(file as File).then(() => onSuccess?.({}));
              }}
            >
              <Button id="file-upload">{t('files.upload')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" title={error} id="file-error" style={{ marginBottom: 12 }} />}
      <Table<EvidenceFile>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={files}
        columns={[
          { title: t('files.kind'), dataIndex: 'kind', render: (k: string) => t(`fileKind.${k}`) },
          { title: t('files.name'), dataIndex: 'filename' },
          { title: t('files.size'), dataIndex: 'size', render: (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`) },
          { title: t('files.uploadedAt'), dataIndex: 'uploadedAt', render: (d: string) => new Date(d).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' }) },
          {
            title: '',
            key: 'dl',
            render: (_, f) => (
              <Button size="small" onClick={() => void download(f)} className="file-download">
                {t('files.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ReporterCard({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Schema<'CaseReporter'>['reporter'] | undefined>(undefined);
  const [revealed, setRevealed] = useState(false);
  const [error, setError] = useState<string>();
  const reveal = () =>
    Modal.confirm({
      title: t('case.reveal'),
      content: t('case.revealConfirm'),
      okButtonProps: { id: 'reveal-confirm' },
      onOk: async () => {
        const res = await api().GET('/api/v1/cases/{id}/reporter', { params: { path: { id: caseId } } });
        if (res.data) {
          setShown(res.data.reporter);
          setRevealed(true);
        } else setError(asError(res.response.status, res.error).message);
      },
    });
  return (
    <Card title={t('case.reporter')} id="case-reporter">
      {revealed ? (
        shown ? (
          <Descriptions size="small" column={1} id="reporter-identity">
            <Descriptions.Item label={t('field.name')}>{shown.name}</Descriptions.Item>
            <Descriptions.Item label={t('field.contact')}>{shown.contact ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.realName')}>{shown.realName ? '✓' : '✗'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text>{t('case.anonymous')}</Typography.Text>
        )
      ) : (
        <Button danger onClick={reveal} id="reveal-reporter">
          {t('case.reveal')}
        </Button>
      )}
      {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function DenialsCard({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [denials, setDenials] = useState<Schema<'Denial'>[] | null>();
  useEffect(() => {
    void api()
      .GET('/api/v1/cases/{id}/denials', { params: { path: { id: caseId } } })
      .then((r) => setDenials(r.data ?? null));
  }, [caseId]);
  return (
    <Card title={t('case.denials')} id="case-denials">
      {denials === undefined ? (
        <Spin />
      ) : denials === null ? (
        <Typography.Text type="secondary">{t('case.denialsHidden')}</Typography.Text>
      ) : denials.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noDenials')}</Typography.Text>
      ) : (
        <Table rowKey="userId" size="small" pagination={false} dataSource={denials} columns={[{ title: t('login.username'), dataIndex: 'username' }, { title: t('field.reason'), dataIndex: 'reason' }, { title: '', dataIndex: 'since' }]} />
      )}
    </Card>
  );
}
