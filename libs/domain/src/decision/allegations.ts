/**
 * Allegations named when a case is registered (issue 17 point 15): misconduct type codes of the handling
 * organisation's policy profile (003 art.2 for national-2022, 001 art.2 for henan-2021). Pure.
 *
 * [decision] A case may be registered with no allegation yet (a retracted paper, a media report: the type is found by
 * the check); a code named twice is refused as a slip.
 */
import type { Issue } from '../shared/domain-error';
import { getCatalogue } from './catalogue';

/** Every allegation that is not a misconduct type of `profile`, each with the article of that profile. */
export function allegationIssues(profile: string, codes: readonly unknown[]): Issue[] {
  const catalogue = getCatalogue(profile);
  const known = catalogue.misconductTypes.map((t) => t.code);
  const range = `${known[0]}–${known.at(-1)}`;
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  codes.forEach((code, i) => {
    const path = `allegations[${i}]`;
    if (typeof code !== 'string' || !known.includes(code)) {
      const shown = typeof code === 'string' ? JSON.stringify(code.length > 20 ? `${code.slice(0, 20)}…` : code) : typeof code;
      issues.push({
        path,
        rule: 'catalogue.misconduct_type',
        article: catalogue.refs.types,
        message: `${shown} is not a misconduct type of ${profile} (${catalogue.refs.types}: ${range})`,
      });
      return;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      issues.push({
        path,
        rule: 'allegations.duplicate',
        article: catalogue.refs.types,
        message: `misconduct type ${code} is already named at allegations[${first}]`,
      });
    } else seen.set(code, i);
  });
  return issues;
}
