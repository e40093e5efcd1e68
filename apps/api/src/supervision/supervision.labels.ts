import type { Phase } from '@libs/domain/src/case/actions';
import { DEADLINE_KINDS, POLICY_PROFILES, type DeadlineKind } from '@libs/domain/src/policy';

/** Chinese names for the supervision views, exports and dashboard. */
export const PHASE_LABELS: Record<Phase, string> = {
  intake: '待受理',
  rejected: '不予受理',
  transferred: '已移送',
  investigation: '调查中',
  suspended: '中止',
  terminated: '终止',
  handling: '处理中',
  appeal_window: '复查申诉期',
  review: '复查中',
  re_review: '复核中',
  closed: '已办结',
  merged: '已合并',
};

export const PHASES = Object.keys(PHASE_LABELS) as Phase[];

export const STATUS_LABELS: Record<string, string> = { open: '未到期', overdue: '已超期', suspended: '已中止' };

/** The kind's name in the given profile, else in the first profile that has it, else the code itself. */
export function kindLabel(kind: string, profileCode?: string): string {
  const own = profileCode ? POLICY_PROFILES[profileCode]?.deadlines[kind as DeadlineKind] : undefined;
  if (own) return own.label.zh;
  for (const p of Object.values(POLICY_PROFILES)) {
    const r = p.deadlines[kind as DeadlineKind];
    if (r) return r.label.zh;
  }
  return kind;
}

export const KIND_LABELS: Record<string, string> = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, kindLabel(k)]));
