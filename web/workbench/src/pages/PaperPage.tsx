/**
 * A problem paper: where it stands in the tree (the holding institution, who dispatched it, who must act now) and in the
 * review chain (each level's position: approved, reviewing, returned, skipped …), its files (upload with kind,
 * download), its returns, timeline and the actions the caller may take now, each a form generated from its schema
 * (dispatch, return to superior, submit, withdraw, review: approve or return with opinion and official letter — the
 * letter picked from the paper's files or uploaded in the form —, pre-review).
 */
import { Alert, Card, Space, Spin, Steps, Table, Tag, Timeline } from 'antd';
import { useCallback, useState } from 'react';
import { api, asError, type Schema } from '../api';
import { letterOverrides, loadPaperFiles, PaperFiles, type PaperFile } from './PaperFiles';
import { useI18n } from '../i18n';
import { OrgPicker } from '../OrgPicker';
import { NotFound, RecordActions, RecordHeader, useRecord } from '../RecordParts';
import { navigate } from '../router';

type Paper = Schema<'Paper'>;
type Position = NonNullable<Paper['chain']>[number]['position'];

const CHAIN_STATUS: Record<Position, 'wait' | 'process' | 'finish' | 'error'> = {
  approved: 'finish',
  consented: 'finish',
  skipped: 'finish',
  reviewing: 'process',
  pre_reviewing: 'process',
  returned: 'error',
  waiting: 'wait',
};

export function PaperPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [paper, setPaper] = useState<Paper | null>();
  const [events, setEvents] = useState<Schema<'PaperEvent'>[]>([]);
  const [files, setFiles] = useState<PaperFile[]>([]);
  const [error, setError] = useState<string>();

  const fetchPaper = useCallback(async () => {
    const res = await api().GET('/api/v1/papers/{id}', { params: { path: { id } } });
    if (res.response.status === 404) return setPaper(null);
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    const [tl, list] = await Promise.all([api().GET('/api/v1/papers/{id}/timeline', { params: { path: { id } } }), loadPaperFiles(id)]);
    setPaper(res.data);
    setEvents(tl.data ?? []);
    setFiles(list);
  }, [id]);
  const { reloading, reload } = useRecord(fetchPaper);
  const reloadFiles = useCallback(() => void loadPaperFiles(id).then(setFiles), [id]);

  if (error) return <Alert type="error" title={t('error.generic', { message: error })} />;
  if (paper === undefined) return <Spin />;
  if (paper === null) return <NotFound id="paper-not-found" title={t('paper.notFound')} />;

  const chain = paper.chain ?? [];
  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      id="paper-page"
      data-status={paper.status}
      data-version={paper.version}
      data-reloading={reloading ? 'true' : undefined}
    >
      <RecordHeader
        heading={`${paper.number} ${paper.title}`}
        facts={[
          { label: t('papers.status'), value: <Tag id="paper-status">{t(`paperStatus.${paper.status}`)}</Tag> },
          { label: t('paper.holder'), value: <span id="paper-holder">{paper.holder?.name ?? ''}</span> },
          { label: t('paper.dispatchedBy'), value: paper.dispatchedBy?.name ?? '—' },
          { label: t('papers.currentOrg'), value: paper.currentOrgName ?? '—' },
          { label: t('papers.journal'), value: paper.journal },
          { label: 'DOI', value: paper.doi ?? '—' },
          {
            label: t('case.number'),
            value: paper.caseId ? (
              <a onClick={() => navigate({ page: 'case', id: paper.caseId! })} className="case-link">
                {paper.caseNumber}
              </a>
            ) : (
              '—'
            ),
          },
        ]}
      />
      {chain.length > 0 && (
        <Card title={t('paper.chain')} id="paper-chain">
          <Steps
            size="small"
            current={chain.findIndex((c) => c.orgId === paper.currentOrgId)}
            items={chain.map((c) => ({
              title: c.name,
              status: CHAIN_STATUS[c.position],
              description: <span data-position={c.position}>{t(`chainPosition.${c.position}`)}</span>,
            }))}
          />
        </Card>
      )}
      <RecordActions
        resource="papers"
        id={paper.id}
        version={paper.version}
        actions={paper.allowedActions}
        reloading={reloading}
        reload={reload}
        overrides={{
          ...letterOverrides(paper.id, files, reloadFiles),
          targetOrgId: (p) => <OrgPicker key="targetOrgId" {...p} below={paper.holder.orgId} />,
        }}
      />
      <PaperFiles paperId={paper.id} files={files} canUpload={paper.currentOrgId !== null} onUploaded={reloadFiles} />
      {paper.returns.length > 0 && (
        <Card title={t('paper.returns')}>
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            dataSource={paper.returns}
            columns={[
              {
                title: t('files.uploadedAt'),
                dataIndex: 'at',
                render: (d: string) => new Date(d).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' }),
              },
              { title: t('papers.currentOrg'), dataIndex: 'byOrgName' },
              { title: t('field.opinion'), dataIndex: 'opinion' },
            ]}
          />
        </Card>
      )}
      <Card title={t('case.timeline')}>
        <Timeline
          items={events.map((e, i) => ({
            key: i,
            content: (
              <span data-event={e.type}>
                {t(`event.${e.type}`)} {new Date(e.at).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' })}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
