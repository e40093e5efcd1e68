/**
 * My work: the cases of my organisation's subtree by phase with their next deadline, the working days left or over
 * (counted by the API's calendar, holidays and make-up days included) and badges; the problem papers waiting for my
 * organisation (待办理 / 待审核 / 待预审); 办理进度 of the papers per child organisation; search.
 *
 * Search: a case number opens the case (GET /cases/{number}); other words list the cases whose number, title, subject
 * names or paper DOI hold them (GET /cases?q=, `%` and `_` literal, every page of the result) and the problem papers
 * by title and DOI (GET /papers?q=).
 */
import { Alert, Badge, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, todayShanghai, unwrap, type Me, type Schema } from '../api';
import { useI18n } from '../i18n';
import { href, navigate } from '../router';
import { PaperProgressView } from './PaperProgress';

type CaseItem = Schema<'CaseListItem'>;
type PaperItem = Schema<'PaperListItem'>;
type Phase = CaseItem['phase'];

/** Due soon: an open deadline within this many working days **[decision]**, the supervision views' default (5). */
export const DUE_SOON_WORKING_DAYS = 5;

const PHASES: Phase[] = [
  'intake',
  'investigation',
  'suspended',
  'handling',
  'appeal_window',
  'review',
  're_review',
  'closed',
  'rejected',
  'transferred',
  'terminated',
];

/** Working days from today to a due day (positive: left, negative: overdue), from the API's calendar; cached per day. */
const workingDayCache = new Map<string, Promise<number>>();
export function workingDaysUntil(due: string): Promise<number> {
  const today = todayShanghai();
  const key = `${today}|${due}`;
  let p = workingDayCache.get(key);
  if (!p) {
    const [from, to] = due >= today ? [today, due] : [due, today];
    p = api()
      .GET('/api/v1/calendar/working-days', { params: { query: { from, to } } })
      .then((res) => {
        const days = unwrap(res).days;
        return due >= today ? days.filter((d) => d > today).length : -days.filter((d) => d > due).length;
      });
    p.catch(() => workingDayCache.delete(key));
    workingDayCache.set(key, p);
  }
  return p;
}

export function DaysLeft({ due, overdue }: { due: string | null; overdue?: boolean }) {
  const { t } = useI18n();
  const [n, setN] = useState<number>();
  useEffect(() => {
    if (due) void workingDaysUntil(due).then(setN, () => setN(undefined));
  }, [due]);
  if (!due || n === undefined) return null;
  if (n < 0 || overdue) return <span className="days-overdue">{t('days.overdue', { n: Math.abs(n) })}</span>;
  if (n === 0) return <span className="days-left">{t('days.today')}</span>;
  return <span className="days-left">{t('days.remaining', { n })}</span>;
}

export function DueBadge({ due, overdue }: { due: string | null; overdue: boolean }) {
  const { t } = useI18n();
  const [soon, setSoon] = useState(false);
  useEffect(() => {
    if (due && !overdue)
      void workingDaysUntil(due).then(
        (n) => setSoon(n >= 0 && n <= DUE_SOON_WORKING_DAYS),
        () => setSoon(false),
      );
  }, [due, overdue]);
  if (overdue)
    return (
      <Tag color="red" className="badge-overdue">
        {t('badge.overdue')}
      </Tag>
    );
  if (soon)
    return (
      <Tag color="orange" className="badge-due-soon">
        {t('badge.dueSoon')}
      </Tag>
    );
  return null;
}

export const PHASE_COLORS: Partial<Record<Phase, string>> = {
  intake: 'blue',
  investigation: 'geekblue',
  handling: 'purple',
  appeal_window: 'cyan',
  review: 'gold',
  re_review: 'gold',
  closed: 'default',
  suspended: 'orange',
};

function CaseLink({ id, number }: { id: string; number: string }) {
  return (
    <a href={href({ page: 'case', id })} className="case-link" onClick={(e) => (e.preventDefault(), navigate({ page: 'case', id }))}>
      {number}
    </a>
  );
}

export function MyWork({ me }: { me: Me }) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>();
  const [overdue, setOverdue] = useState<'true' | 'false'>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Schema<'CasePage'>>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState('');
  const [searchMsg, setSearchMsg] = useState<string>();
  const [paperResults, setPaperResults] = useState<PaperItem[]>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(
        unwrap(
          await api().GET('/api/v1/cases', { params: { query: { phase, overdue, page, pageSize, ...(filter ? { q: filter } : {}) } } }),
        ),
      );
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [phase, overdue, page, pageSize, filter]);
  useEffect(() => void load(), [load]);

  const search = async () => {
    const text = q.trim();
    setSearchMsg(undefined);
    setPaperResults(undefined);
    setFilter('');
    if (!text) return;
    // A case number (or id) opens the case.
    if (/^[A-Za-z]{1,10}-\d{4}-\d+$/.test(text)) {
      const res = await api().GET('/api/v1/cases/{id}', { params: { path: { id: text } } });
      if (res.data) return navigate({ page: 'case', id: res.data.id });
      return setSearchMsg(t('work.searchNotFound', { q: text }));
    }
    setFilter(text);
    setPage(1);
    if (text.length >= 2) {
      const res = await api().GET('/api/v1/papers', { params: { query: { q: text, pageSize: 50 } } });
      setPaperResults(res.data?.items ?? []);
    }
  };

  const items = data?.items ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} id="my-work">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.work')} · {me.organisation.name}
      </Typography.Title>
      <Input.Search
        id="work-search"
        placeholder={t('work.search')}
        enterButton={t('work.searchButton')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={() => void search()}
        allowClear
        style={{ maxWidth: 560 }}
      />
      {searchMsg && <Alert type="warning" title={searchMsg} id="search-message" />}
      {paperResults && paperResults.length > 0 && (
        <Card size="small" title={t('work.papers')}>
          <PaperTable items={paperResults} />
        </Card>
      )}
      <Tabs
        items={[
          {
            key: 'cases',
            label: t('work.cases'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <span>{t('work.phase')}</span>
                  <Select
                    id="filter-phase"
                    style={{ width: 160 }}
                    allowClear
                    placeholder={t('work.all')}
                    value={phase}
                    onChange={(v: Phase | undefined) => (setPhase(v), setPage(1))}
                    options={PHASES.map((p) => ({ value: p, label: t(`phase.${p}`) }))}
                  />
                  <span>{t('work.overdue')}</span>
                  <Select
                    id="filter-overdue"
                    style={{ width: 140 }}
                    allowClear
                    placeholder={t('work.all')}
                    value={overdue}
                    onChange={(v: 'true' | 'false' | undefined) => (setOverdue(v), setPage(1))}
                    options={[
                      { value: 'true', label: t('work.onlyOverdue') },
                      { value: 'false', label: t('work.notOverdue') },
                    ]}
                  />
                  <Button onClick={() => void load()}>↻</Button>
                </Space>
                {error && <Alert type="error" title={t('error.generic', { message: error })} />}
                <Table<CaseItem>
                  id="cases-table"
                  rowKey="id"
                  size="middle"
                  loading={loading}
                  dataSource={items}
                  pagination={{
                    current: page,
                    pageSize,
                    total: data?.total ?? 0,
                    showSizeChanger: true,
                    showTotal: (n) => t('work.total', { n }),
                    onChange: (p, s) => (setPage(p), setPageSize(s)),
                  }}
                  columns={[
                    { title: t('work.number'), dataIndex: 'number', render: (_, c) => <CaseLink id={c.id} number={c.number} /> },
                    { title: t('work.title'), dataIndex: 'title' },
                    {
                      title: t('work.phase'),
                      dataIndex: 'phase',
                      render: (p: Phase) => <Tag color={PHASE_COLORS[p]}>{t(`phase.${p}`)}</Tag>,
                    },
                    { title: t('work.profile'), dataIndex: 'profile' },
                    { title: t('work.receivedAt'), dataIndex: 'receivedAt' },
                    { title: t('work.nextDue'), dataIndex: 'nextDueDate', render: (d: string | null) => d ?? '—' },
                    { title: t('work.remaining'), key: 'days', render: (_, c) => <DaysLeft due={c.nextDueDate} overdue={c.overdue} /> },
                    { title: t('work.badge'), key: 'badge', render: (_, c) => <DueBadge due={c.nextDueDate} overdue={c.overdue} /> },
                  ]}
                />
              </Space>
            ),
          },
          ...(['handle', 'review', 'pre_review'] as const).map((task) => ({
            key: `papers-${task}`,
            label: <PaperTabLabel task={task} />,
            children: <PaperWorkList task={task} />,
          })),
          { key: 'papers-progress', label: <span id="tab-progress">{t('paper.progress')}</span>, children: <PaperProgressView /> },
        ]}
      />
    </Space>
  );
}

function usePaperWork(task: 'handle' | 'review' | 'pre_review') {
  const [data, setData] = useState<Schema<'PaperPage'>>();
  const [page, setPage] = useState(1);
  useEffect(() => {
    void api()
      .GET('/api/v1/papers', { params: { query: { waitingFor: 'me', task, page, pageSize: 20 } } })
      .then((res) => setData(res.data));
  }, [task, page]);
  return { data, page, setPage };
}

function PaperTabLabel({ task }: { task: 'handle' | 'review' | 'pre_review' }) {
  const { t } = useI18n();
  const { data } = usePaperWork(task);
  return (
    <Badge count={data?.total ?? 0} size="small" offset={[8, -2]}>
      {t(`papers.${task}`)}
    </Badge>
  );
}

function PaperWorkList({ task }: { task: 'handle' | 'review' | 'pre_review' }) {
  const { data, page, setPage } = usePaperWork(task);
  return <PaperTable items={data?.items ?? []} total={data?.total} page={page} onPage={setPage} />;
}

export function PaperTable({
  items,
  total,
  page,
  onPage,
}: {
  items: PaperItem[];
  total?: number;
  page?: number;
  onPage?: (p: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Table<PaperItem>
      rowKey="id"
      size="small"
      className="papers-table"
      dataSource={items}
      pagination={total !== undefined ? { current: page, pageSize: 20, total, onChange: (p) => onPage?.(p) } : false}
      columns={[
        {
          title: t('papers.number'),
          dataIndex: 'number',
          render: (n: string, p) => (
            <a href={href({ page: 'paper', id: p.id })} onClick={(e) => (e.preventDefault(), navigate({ page: 'paper', id: p.id }))}>
              {n}
            </a>
          ),
        },
        { title: t('papers.title'), dataIndex: 'title' },
        { title: t('papers.journal'), dataIndex: 'journal' },
        { title: 'DOI', dataIndex: 'doi' },
        { title: t('papers.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`paperStatus.${s}`)}</Tag> },
        { title: t('papers.task'), dataIndex: 'task', render: (s: string | null) => (s ? t(`paperTask.${s}`) : '') },
        { title: t('papers.currentOrg'), dataIndex: 'currentOrgName' },
      ]}
    />
  );
}
