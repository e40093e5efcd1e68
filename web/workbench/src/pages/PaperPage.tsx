/**
 * A problem paper: where it stands in the tree (the holding institution, who dispatched it, who must act now) and in the
 * review chain (each level's position: approved, reviewing, returned, skipped …), its files (upload with kind,
 * download), its returns, timeline and the actions the caller may take now, each a form generated from its schema
 * (dispatch, return to superior, submit, withdraw, review: approve or return with opinion and official letter — the
 * letter picked from the paper's files or uploaded in the form —, pre-review).
 */
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, asError, type Schema } from '../api';
import { ActionForm } from '../ActionForm';
import { letterOverrides, loadPaperFiles, PaperFiles, type PaperFile } from './PaperFiles';
import { useI18n } from '../i18n';
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
  const [action, setAction] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    const res = await api().GET('/api/v1/papers/{id}', { params: { path: { id } } });
    if (res.response.status === 404) return setPaper(null);
    if (!res.data) return setError(asError(res.response.status, res.error).message);
    setPaper(res.data);
    const tl = await api().GET('/api/v1/papers/{id}/timeline', { params: { path: { id } } });
    setEvents(tl.data ?? []);
    setFiles(await loadPaperFiles(id));
  }, [id]);
  const reloadFiles = useCallback(() => void loadPaperFiles(id).then(setFiles), [id]);
  useEffect(() => void load(), [load]);

  if (error) return <Alert type="error" title={t('error.generic', { message: error })} />;
  if (paper === undefined) return <Spin />;
  if (paper === null) return <Result status="404" title={<span id="paper-not-found">{t('paper.notFound')}</span>} extra={<Button onClick={() => navigate({ page: 'work' })}>{t('nav.work')}</Button>} />;

  const chain = paper.chain ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} id="paper-page" data-status={paper.status} data-version={paper.version}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {paper.number} {paper.title}
        </Typography.Title>
        <Descriptions size="small" bordered column={3}>
          <Descriptions.Item label={t('papers.status')}>
            <Tag id="paper-status">{t(`paperStatus.${paper.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('paper.holder')}>
            <span id="paper-holder">{paper.holder?.name ?? ''}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('paper.dispatchedBy')}>{paper.dispatchedBy?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('papers.currentOrg')}>{paper.currentOrgName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('papers.journal')}>{paper.journal}</Descriptions.Item>
          <Descriptions.Item label="DOI">{paper.doi ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('case.number')}>
            {paper.caseId ? (
              <a onClick={() => navigate({ page: 'case', id: paper.caseId! })} className="case-link">
                {paper.caseNumber}
              </a>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
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
      <Card title={t('case.actions')} id="paper-actions">
        {paper.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {paper.allowedActions.map((a) => (
              <Button key={a} type="primary" ghost data-action={a} className="action-button" onClick={() => setAction(a)}>
                {t(`action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {action && (
        <ActionForm
          resource="papers"
          id={paper.id}
          action={action}
          version={paper.version}
          open
          onClose={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            void load();
          }}
          onStale={() => void load()}
          overrides={letterOverrides(paper.id, files, reloadFiles)}
        />
      )}
      <PaperFiles paperId={paper.id} files={files} canUpload={paper.currentOrgId !== null} onUploaded={reloadFiles} />
      {paper.returns.length > 0 && (
        <Card title={t('paper.returns')}>
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            dataSource={paper.returns}
            columns={[
              { title: t('files.uploadedAt'), dataIndex: 'at', render: (d: string) => new Date(d).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' }) },
              { title: t('papers.currentOrg'), dataIndex: 'byOrgName' },
              { title: t('field.opinion'), dataIndex: 'opinion' },
            ]}
          />
        </Card>
      )}
      <Card title={t('case.timeline')}>
        <Timeline items={events.map((e, i) => ({ key: i, content: <span data-event={e.type}>{t(`event.${e.type}`)} {new Date(e.at).toLocaleString(undefined, { timeZone: 'Asia/Shanghai' })}</span> }))} />
      </Card>
    </Space>
  );
}
