/**
 * Which organisations of the tree a monitoring record's affiliations name (issue 22: "keeping only papers whose
 * institutions match organisations of the tree (names and aliases)"). Pure.
 *
 * [decision] An affiliation ("Department of Cardiology, The First People's Hospital of Zhengzhou, Zhengzhou, China")
 * names an organisation when one of its comma-separated parts equals the organisation's name or one of its aliases,
 * compared after normalisation (case, white space, punctuation, full-width forms, a leading "the"). A whole part must
 * match, not a substring: "Zhengzhou University" does not match "The First Affiliated Hospital of Zhengzhou University".
 * Several organisations named in one record: the lead goes to their nearest common ancestor in the tree, which
 * dispatches it (one lead per paper, de-duplicated by DOI).
 */

export interface MatchableOrg {
  id: string;
  path: string;
  name: string;
  aliases: readonly string[];
}

/** Lower case, NFKC (full-width → ASCII), punctuation and spaces collapsed, a leading "the " dropped. */
export function normaliseInstitution(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’'`"“”()（）\[\]【】.·]/g, '')
    .replace(/[-–—_/&]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/** The comma-separated parts of one affiliation, normalised (Chinese commas too). */
export function affiliationParts(affiliation: string): string[] {
  return affiliation
    .split(/[,，;；]/)
    .map(normaliseInstitution)
    .filter(Boolean);
}

/** A lookup from normalised names and aliases to organisations. */
export function buildOrgIndex(orgs: readonly MatchableOrg[]): Map<string, MatchableOrg[]> {
  const index = new Map<string, MatchableOrg[]>();
  for (const o of orgs) {
    for (const n of new Set([o.name, ...o.aliases].map(normaliseInstitution).filter(Boolean))) {
      const list = index.get(n) ?? [];
      if (!list.some((x) => x.id === o.id)) list.push(o);
      index.set(n, list);
    }
  }
  return index;
}

/** Organisations named by any of the affiliations, in the order first named. */
export function matchAffiliations(affiliations: readonly string[], index: Map<string, MatchableOrg[]>): MatchableOrg[] {
  const out: MatchableOrg[] = [];
  for (const a of affiliations) {
    for (const part of affiliationParts(a)) {
      for (const o of index.get(part) ?? []) if (!out.some((x) => x.id === o.id)) out.push(o);
    }
    // The whole affiliation may itself be a name with a comma in it.
    for (const o of index.get(normaliseInstitution(a)) ?? []) if (!out.some((x) => x.id === o.id)) out.push(o);
  }
  return out;
}

/** The path of the nearest organisation whose subtree holds all of `paths` (materialised paths, ids joined by '/'). */
export function commonAncestorPath(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const split = paths.map((p) => p.split('/'));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n += 1;
  return n === 0 ? null : first.slice(0, n).join('/');
}
