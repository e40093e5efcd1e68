/**
 * The levels of the administrative tree (RULES.md §1), top down: the one `OrgLevel` (the `organisations.level` check
 * constraint allows exactly these).
 */
export type OrgLevel = 'national' | 'provincial' | 'municipal' | 'institution';

export const ORG_LEVELS = ['national', 'provincial', 'municipal', 'institution'] as const satisfies readonly OrgLevel[];

/**
 * The levels a new organisation may sit directly under: exactly one level up, and
 * [decision] an institution also directly under a provincial commission (province-run hospitals and institutes).
 */
export const PARENT_LEVELS: Readonly<Record<OrgLevel, readonly OrgLevel[]>> = {
  national: [],
  provincial: ['national'],
  municipal: ['provincial'],
  institution: ['municipal', 'provincial'],
};

export function isOrgLevel(v: string): v is OrgLevel {
  return (ORG_LEVELS as readonly string[]).includes(v);
}
