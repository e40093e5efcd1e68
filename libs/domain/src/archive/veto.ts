/**
 * Integrity archives (诚信档案, 000 §6 and §15): the veto check, pure.
 *
 * 000 §6: 对于查实的科研失信行为，记入科研诚信档案；在科研失信惩处期内，与机构内部的职务晋升、职称评定、评奖评优、导师遴选和研究生招生
 * 等进行关联，存在严重科研失信行为的，一票否决。
 *
 * - A purpose (promotion 职务晋升, title 职称评定, award 评奖评优, supervisor 导师遴选, recruitment 研究生招生) is vetoed
 *   while an entry in force bars one of the catalogue's activities it maps to (`PURPOSE_ACTIVITIES`): the registry's own
 *   bar check (registry-bar.ts), so each entry is read against its own profile's catalogue.
 * - 一票否决: while the penalty period (惩处期) of a serious finding runs, every purpose is vetoed, whatever its measures
 *   bar. [decision] Serious = a severity level of rank ≥ `seriousRank` in the entry's own catalogue (default 3: 情节严重
 *   and 情节特别严重; ARCHIVE_SERIOUS_RANK); the penalty period of a decision (or of a hand registration) is the span of its
 *   period-carrying measures: an entry runs on a day from its start through its last barred day, or for good when
 *   permanent. Measures without a period (通报, the database record) do not make a period run.
 * - [decision] A running penalty that neither bars the purpose nor is serious is listed (`linked`: 关联, to be weighed
 *   by the institution) without vetoing.
 */
import type { IsoDate } from '../calendar';
import { BARRED_ACTIVITY_LABELS, CATALOGUES, type BarredActivity } from '../decision/catalogue';
import { checkBars, entryInForce, measureBars, type RegistryEntryFacts } from '../decision/registry-bar';

export const ARCHIVE_PURPOSES = ['promotion', 'title', 'award', 'supervisor', 'recruitment'] as const;
export type ArchivePurpose = (typeof ARCHIVE_PURPOSES)[number];

/** The catalogue activities (catalogue.ts BARRED_ACTIVITIES) each purpose of 000 §6 falls under. Data, not branches. */
export const PURPOSE_ACTIVITIES: Readonly<Record<ArchivePurpose, readonly BarredActivity[]>> = Object.freeze({
  promotion: ['awards_titles_promotion'], // 职务晋升: 职务职称晋升
  title: ['awards_titles_promotion'], // 职称评定: 职务职称晋升, 科技人才称号
  award: ['awards_titles_promotion'], // 评奖评优: 科技奖励
  supervisor: ['graduate_supervision'], // 导师遴选: 担任研究生导师
  recruitment: ['graduate_supervision'], // 研究生招生: 减招、暂停招收研究生
});

export const PURPOSE_LABELS: Readonly<Record<ArchivePurpose, string>> = Object.freeze({
  promotion: '职务晋升',
  title: '职称评定',
  award: '评奖评优',
  supervisor: '导师遴选',
  recruitment: '研究生招生',
});

export const ARCHIVE_ARTICLE = '000 §6';
export const DEFAULT_SERIOUS_RANK = 3;

export interface VetoEntryFacts extends RegistryEntryFacts {
  /** Entries of one penalty: one decision's author, or one hand registration. */
  group: string;
  /** Severity level code of the entry's profile; null when unknown (a hand registration may leave it out). */
  severity: string | null;
}

export interface VetoReason<E> {
  rule: 'catalogue_bar' | 'serious_misconduct';
  article: string;
  message: string;
  /** Last day of the veto for this reason; null when permanent or without an end. */
  until: IsoDate | null;
  entries: E[];
}

export interface VetoAnswer<E> {
  purpose: ArchivePurpose;
  vetoed: boolean;
  /** Last vetoed day over every reason; null when not vetoed, or when one reason has no end. */
  until: IsoDate | null;
  reasons: VetoReason<E>[];
  /** Penalties running on `on` that do not veto the purpose (关联: to be weighed). */
  linked: E[];
}

export function isArchivePurpose(v: unknown): v is ArchivePurpose {
  return typeof v === 'string' && (ARCHIVE_PURPOSES as readonly string[]).includes(v);
}

/** The severity rank of `severity` in `profile`'s catalogue; 0 when unknown. */
export function severityRank(profile: string, severity: string | null): number {
  if (severity === null) return 0;
  const catalogue = Object.prototype.hasOwnProperty.call(CATALOGUES, profile) ? CATALOGUES[profile] : undefined;
  return catalogue?.severityLevels.find((l) => l.code === severity)?.rank ?? 0;
}

/** The entry's penalty period covers `on` (see above): in force, started, and within its last barred day or permanent. */
export function entryRuns(e: RegistryEntryFacts, on: IsoDate): boolean {
  if (!entryInForce(e) || e.startsOn > on) return false;
  return e.permanent || (e.endsOn !== null && on <= e.endsOn);
}

/** Does a running penalty veto `purpose` on `on`, and why (000 §6)? */
export function vetoCheck<E extends VetoEntryFacts>(
  entries: readonly E[],
  purpose: ArchivePurpose,
  on: IsoDate,
  opts: { seriousRank?: number } = {},
): VetoAnswer<E> {
  const seriousRank = opts.seriousRank ?? DEFAULT_SERIOUS_RANK;
  const reasons: VetoReason<E>[] = [];
  const activities = PURPOSE_ACTIVITIES[purpose];
  const bars = checkBars(entries, activities, on);
  if (bars.barred) {
    const labels = activities.map((a) => BARRED_ACTIVITY_LABELS[a].zh).join('；');
    reasons.push({
      rule: 'catalogue_bar',
      article: [...new Set(bars.entries.map((e) => articleOf(e)))].join(', '),
      message: `惩处期内被取消${labels}资格，${PURPOSE_LABELS[purpose]}一票否决（${ARCHIVE_ARTICLE}）`,
      until: bars.until,
      entries: bars.entries,
    });
  }
  // 一票否决: a serious finding whose penalty period runs.
  const groups = new Map<string, E[]>();
  for (const e of entries) {
    if (severityRank(e.profile, e.severity) < seriousRank) continue;
    (groups.get(e.group) ?? groups.set(e.group, []).get(e.group)!).push(e);
  }
  const serious: E[] = [];
  let seriousUntil: IsoDate | null = null;
  let seriousOpen = false;
  for (const group of groups.values()) {
    const running = group.filter((e) => entryRuns(e, on));
    if (running.length === 0) continue;
    serious.push(...running);
    if (running.some((e) => e.permanent)) seriousOpen = true;
    for (const e of running) if (e.endsOn !== null && (seriousUntil === null || e.endsOn > seriousUntil)) seriousUntil = e.endsOn;
  }
  if (serious.length > 0) {
    reasons.push({
      rule: 'serious_misconduct',
      article: ARCHIVE_ARTICLE,
      message: `存在严重科研失信行为（情节严重及以上），惩处期内${PURPOSE_LABELS[purpose]}一票否决（${ARCHIVE_ARTICLE}）`,
      until: seriousOpen ? null : seriousUntil,
      entries: serious,
    });
  }
  const vetoing = new Set<E>(reasons.flatMap((r) => r.entries));
  const linked = entries.filter((e) => !vetoing.has(e) && entryRuns(e, on));
  const vetoed = reasons.length > 0;
  const open = reasons.some((r) => r.until === null);
  return {
    purpose,
    vetoed,
    until:
      !vetoed || open
        ? null
        : reasons
            .map((r) => r.until!)
            .sort()
            .at(-1)!,
    reasons,
    linked,
  };
}

function articleOf(e: RegistryEntryFacts): string {
  const catalogue = CATALOGUES[e.profile];
  const m = catalogue?.measures.find((x) => x.code === e.measure);
  return catalogue && m ? `${catalogue.source.slice(0, 3)} ${m.article}` : e.profile;
}

/** The activities the entry's measure bars, for display. */
export { measureBars };
