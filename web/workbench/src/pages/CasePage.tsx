/**
 * The case page: header, deadlines (due day, status, working days), the actions the caller may take now (buttons, each a
 * form generated from the action's schema), the timeline, evidence files (upload with kind, download), the reporter's
 * identity behind an explicit, audited reveal, and the denied-access list. Whatever the API refuses (404 for a case the
 * caller may not see, 403 for the reporter or the denials) is shown as such; the page never works around it.
 */
import { Alert, Button, Card, Col, Descriptions, Empty, Modal, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, asError, type ProfileCode, type Case, type Me, type Schema } from '../api';
import { FilesCard, uploadAs } from '../FilesCard';
import { useI18n } from '../i18n';
import { NotFound, RecordActions, RecordHeader, useRecord } from '../RecordParts';
import { DaysLeft, PHASE_COLORS } from './MyWork';

type Deadline = Schema<'DeadlineView'>;
type CaseEvent = Schema<'CaseEvent'>;
type EvidenceFile = Schema<'EvidenceFile'>;

const FILE_KINDS = [
  'institution_report',
  'author_statement',
  'interview_records',
  'raw_data',
  'submission_records',
  'unit_conclusion',
  'decision_letter',
  'original_paper',
  'other',
  'report_material',
] as const;

export function CasePage({ me, id }: { me: Me; id: string }) {
  const { t, local } = useI18n();
  const [c, setCase] = useState<Case | null>();
  const [events, setEvents] = useState<CaseEvent[]>([]);
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [orgName, setOrgName] = useState<string>();
  const [profile, setProfile] = useState<Schema<'PolicyProfile'>>();
  const [catalogue, setCatalogue] = useState<Schema<'DecisionCatalogue'>>();
  const [error, setError] = useState<string>();

  const fetchCase = useCallback(async () => {
    const res = await api().GET('/api/v1/cases/{id}', { params: { path: { id } } });
    if (res.response.status === 404) return setCase(null);
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    const found = res.data;
    const [timeline, list] = await Promise.all([
      api().GET('/api/v1/cases/{id}/timeline', { params: { path: { id: found.id } } }),
      api().GET('/api/v1/cases/{id}/files', { params: { path: { id: found.id } } }),
    ]);
    // one render: the version, the actions it offers and the timeline that led to it
    setCase(found);
    setEvents(timeline.data ?? []);
    setFiles(list.data ?? []);
  }, [id]);
  const { reloading, reload } = useRecord(fetchCase);

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
  if (c === null) return <NotFound id="case-not-found" title={t('case.notFound')} hint={t('case.notFoundHint')} />;

  const kindLabel = (kind: string) => local(profile?.deadlines.find((d) => d.kind === kind)?.label, kind);
  const allegationLabel = (code: string) => {
    const entry = catalogue?.misconductTypes.find((m) => m.code === code);
    return entry ? `${code} ${local(entry)}` : code;
  };
  const supervisorOnly = me.roles.every((r) => r === 'supervisor');

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      id="case-page"
      data-version={c.version}
      data-phase={c.phase}
      data-reloading={reloading ? 'true' : undefined}
    >
      <RecordHeader
        heading={
          <>
            <span id="case-number">{c.number}</span> {c.title}
          </>
        }
        facts={[
          {
            label: t('case.phase'),
            value: (
              <>
                <Tag color={PHASE_COLORS[c.phase]} id="case-phase">
                  {t(`phase.${c.phase}`)}
                </Tag>
                {supervisorOnly && <Tag>{t('case.readOnly')}</Tag>}
              </>
            ),
          },
          { label: t('case.profile'), value: profile ? `${local(profile.name)}（${c.profile}）` : c.profile },
          { label: t('case.handlingOrg'), value: orgName ?? '' },
          { label: t('case.receivedAt'), value: c.receivedAt },
          { label: t('case.source'), value: t(`source.${c.source}`) },
          {
            label: t('case.subjects'),
            value: c.subjects.map((s) => (s.organisation ? `${s.name}（${s.organisation}）` : s.name)).join('、'),
          },
          { label: t('case.allegations'), value: c.allegations.map(allegationLabel).join('；'), span: 2 },
          { label: t('case.paper'), value: c.paper ? `${c.paper.title}${c.paper.doi ? `（${c.paper.doi}）` : ''}` : '—' },
        ]}
      />

      <RecordActions
        resource="cases"
        id={c.id}
        version={c.version}
        actions={c.allowedActions}
        reloading={reloading}
        reload={reload}
        orgId={c.handlingOrgId}
        decision={catalogue ? { profile: c.profile, catalogue, uploadedKinds: files.map((f) => f.kind) } : undefined}
      />

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
                {
                  title: t('deadline.due'),
                  dataIndex: 'dueDate',
                  render: (d: string, row) => (row.provisional ? <span title={t('deadline.provisional')}>{d} *</span> : d),
                },
                {
                  title: t('deadline.status'),
                  dataIndex: 'status',
                  render: (s: string) => <Tag color={s === 'overdue' ? 'red' : s === 'open' ? 'blue' : 'default'}>{t(`status.${s}`)}</Tag>,
                },
                {
                  title: t('deadline.days'),
                  key: 'days',
                  render: (_, d) =>
                    d.status === 'open' || d.status === 'overdue' ? <DaysLeft due={d.dueDate} overdue={d.status === 'overdue'} /> : null,
                },
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

      <EvidenceFiles caseId={c.id} files={files} canUpload={!supervisorOnly} onUploaded={() => void reload()} />

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

function EvidenceFiles({
  caseId,
  files,
  canUpload,
  onUploaded,
}: {
  caseId: string;
  files: EvidenceFile[];
  canUpload: boolean;
  onUploaded: () => void;
}) {
  const { t } = useI18n();
  return (
    <FilesCard<EvidenceFile>
      ids={{ card: 'case-files', kind: 'file-kind', upload: 'file-upload', error: 'file-error' }}
      title={t('case.files')}
      kinds={FILE_KINDS}
      defaultKind="other"
      files={files}
      canUpload={canUpload}
      upload={(kind, file) =>
        uploadAs(
          (form) =>
            api().POST('/api/v1/cases/{id}/files', {
              params: { path: { id: caseId } },
              body: { kind: kind as never, file: '' },
              bodySerializer: form,
            }), // typed by the document; the form carries it
          kind,
          file,
        )
      }
      download={(f) => api().GET('/api/v1/cases/{id}/files/{fileId}', { params: { path: { id: caseId, fileId: f.id } }, parseAs: 'blob' })}
      onUploaded={onUploaded}
    />
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
        <Table
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={denials}
          columns={[
            { title: t('login.username'), dataIndex: 'username' },
            { title: t('field.reason'), dataIndex: 'reason' },
            { title: '', dataIndex: 'since' },
          ]}
        />
      )}
    </Card>
  );
}
