/**
 * What the case page and the paper page share: the fetch of the record (first and again after an action), the header
 * card (number and title over a table of facts), the card of the actions the caller may take now (one button each; the
 * button opens the action's form) and the "not found" answer.
 */
import { Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ActionForm, type DecisionContext, type Resource } from './ActionForm';
import { useI18n } from './i18n';
import { navigate } from './router';
import type { FieldOverrides } from './SchemaForm';

/**
 * Fetches the record on mount; `reload` fetches it again, with `reloading` true until it has arrived: the page's
 * version and actions are the old ones meanwhile, so no action is offered (a click would carry a stale If-Match or an
 * action no longer allowed). `fetch` sets the page's state in one go (the record with what belongs to it).
 */
export function useRecord(fetch: () => Promise<void>): { reloading: boolean; reload: () => Promise<void> } {
  const [reloading, setReloading] = useState(false);
  useEffect(() => void fetch(), [fetch]);
  const reload = useCallback(async () => {
    setReloading(true);
    try {
      await fetch();
    } finally {
      setReloading(false);
    }
  }, [fetch]);
  return { reloading, reload };
}

/** One fact of the header: its label and what it shows (`span` columns wide). */
export interface Fact {
  label: ReactNode;
  value: ReactNode;
  span?: number;
}

export function RecordHeader({ heading, facts }: { heading: ReactNode; facts: Fact[] }) {
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {heading}
      </Typography.Title>
      <Descriptions
        column={3}
        size="small"
        bordered
        items={facts.map((f, i) => ({ key: i, label: f.label, children: f.value, span: f.span }))}
      />
    </Card>
  );
}

/**
 * The actions the API offers the caller now (`allowedActions` of the view the page shows), as buttons under the card
 * `id`. `pending`: the page is fetching the record again (after an action, a refusal for a stale version): no button
 * is offered until the view it stands for has arrived, so a click always carries the version the page shows.
 */
export function ActionButtons({
  id,
  actions,
  pending,
  onPick,
}: {
  id: string;
  actions: readonly string[];
  pending: boolean;
  onPick: (action: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Card title={t('case.actions')} id={id} data-pending={pending ? 'true' : undefined}>
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {actions.map((a) => (
            <Button key={a} type="primary" ghost data-action={a} className="action-button" disabled={pending} onClick={() => onPick(a)}>
              {t(`action.${a}`)}
            </Button>
          ))}
        </Space>
      )}
    </Card>
  );
}

/**
 * The action buttons and, for the one picked, its form: sent with the record's `version`; after it is taken (or refused
 * as stale) the record is fetched again.
 */
export function RecordActions({
  resource,
  id,
  version,
  actions,
  reloading,
  reload,
  overrides,
  orgId,
  decision,
}: {
  resource: Resource;
  id: string;
  version: number;
  actions: readonly string[];
  reloading: boolean;
  reload: () => Promise<void>;
  overrides?: FieldOverrides;
  orgId?: string;
  decision?: DecisionContext;
}) {
  const [action, setAction] = useState<string>();
  return (
    <>
      <ActionButtons
        id={resource === 'cases' ? 'case-actions' : 'paper-actions'}
        actions={actions}
        pending={reloading}
        onPick={setAction}
      />
      {action && (
        <ActionForm
          resource={resource}
          id={id}
          action={action}
          version={version}
          open
          onClose={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            void reload();
          }}
          onStale={() => void reload()}
          reloading={reloading}
          overrides={overrides}
          orgId={orgId}
          decision={decision}
        />
      )}
    </>
  );
}

export function NotFound({ id, title, hint }: { id: string; title: string; hint?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<span id={id}>{title}</span>}
      subTitle={hint}
      extra={<Button onClick={() => navigate({ page: 'work' })}>{t('nav.work')}</Button>}
    />
  );
}
