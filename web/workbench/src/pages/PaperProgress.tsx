/**
 * 办理进度 (002): the problem papers of an organisation's subtree by status, and the same per child organisation; a
 * child's name drills down to its own children (GET /papers/progress?orgId=, 404 outside the caller's subtree), a
 * breadcrumb goes back up.
 */
import { Alert, Breadcrumb, Card, Descriptions, Table } from 'antd';
import { useEffect, useState } from 'react';
import { api, asError, type Schema } from '../api';
import { useI18n } from '../i18n';

type Progress = Schema<'PaperProgress'>;
type Counts = Progress['byStatus'];
const STATUSES = [
  'pending_dispatch',
  'at_institution',
  'pre_review',
  'consented',
  'pending_review',
  'returned',
  'approved',
] as const satisfies ReadonlyArray<keyof Counts>;

export function PaperProgressView() {
  const { t } = useI18n();
  const [trail, setTrail] = useState<Array<{ orgId?: string; name: string }>>([{ name: '' }]);
  const [data, setData] = useState<Progress>();
  const [error, setError] = useState<string>();
  const current = trail[trail.length - 1];

  useEffect(() => {
    void api()
      .GET('/api/v1/papers/progress', { params: { query: current.orgId ? { orgId: current.orgId } : {} } })
      .then((res) => {
        if (res.data) {
          setData(res.data);
          setError(undefined);
        } else setError(asError(res.response.status, res.error).message);
      });
  }, [current.orgId]);

  const statusColumns = STATUSES.map((s) => ({
    title: t(`paperStatus.${s}`),
    key: s,
    render: (_: unknown, r: { byStatus: Counts }) => r.byStatus[s],
  }));
  return (
    <Card id="paper-progress" title={t('paper.progress')}>
      {error && <Alert type="error" title={t('error.generic', { message: error })} />}
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={trail.map((c, i) => ({
          title:
            i === trail.length - 1 ? (
              data && i === 0 ? (
                data.name
              ) : (
                c.name || data?.name
              )
            ) : (
              <a onClick={() => setTrail(trail.slice(0, i + 1))}>{c.name || t('paper.progressTop')}</a>
            ),
        }))}
      />
      {data && (
        <>
          <Descriptions size="small" bordered column={4} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('paper.progressTotal')}>
              <span id="progress-total">{data.total}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('paper.progressAwaiting')}>{data.awaitingThisOrganisation}</Descriptions.Item>
            {STATUSES.filter((s) => data.byStatus[s] > 0).map((s) => (
              <Descriptions.Item key={s} label={t(`paperStatus.${s}`)}>
                {data.byStatus[s]}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table
            id="progress-children"
            rowKey="orgId"
            size="small"
            pagination={false}
            dataSource={data.children}
            columns={[
              {
                title: t('paper.progressOrg'),
                dataIndex: 'name',
                render: (n: string, c) => (
                  <a className="progress-child" onClick={() => setTrail([...trail, { orgId: c.orgId, name: n }])}>
                    {n}
                  </a>
                ),
              },
              { title: t('paper.progressTotal'), dataIndex: 'total' },
              ...statusColumns,
            ]}
          />
        </>
      )}
    </Card>
  );
}
