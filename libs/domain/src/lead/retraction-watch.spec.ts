import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '@apps/api/src/organisations/csv';
import { buildOrgIndex, commonAncestorPath, matchAffiliations, normaliseInstitution, type MatchableOrg } from './matching';
import { concernsChina, normaliseDoi, parseRetractionWatch, RW_COLUMNS, rwDate, rwList } from './retraction-watch';

const FIXTURE = parseCsv(
  readFileSync(join(process.cwd(), 'test/fixtures/retraction-watch-sample.csv') /* Jest runs from the repository root */, 'utf8'),
);

describe('Retraction Watch export (its own 20 columns)', () => {
  it('the fixture has the published header, in order', () => {
    expect(FIXTURE[0]).toEqual([...RW_COLUMNS]);
  });

  it('reads every good row; a bad date is a row error naming the row', () => {
    const { rows, errors } = parseRetractionWatch(FIXTURE);
    expect(rows.map((r) => r.recordId)).toEqual(['900001', '900002', '900003', '900004', '900005', '900006']);
    expect(errors).toEqual([{ row: 8, reason: expect.stringMatching(/RetractionDate "13\/40\/2026 0:00" is not a date/) }]);
    const r1 = rows[0]!;
    expect(r1).toMatchObject({
      title: 'Circular RNA circ-0001 promotes gastric cancer progression via miR-0001',
      institutions: ["Department of Gastroenterology, The First People's Hospital of Zhengzhou, Zhengzhou, Henan, China"],
      authors: ['Zhang San', 'Li Si'],
      retractionDate: '2026-03-12',
      originalPaperDate: '2024-05-20',
      doi: '10.9999/jmo.2024.001',
      originalPaperPubMedId: null,
      reasons: ['Concerns/Issues About Data', 'Paper Mill'],
      subjects: ['(BLS) Biology - Cancer', '(HSC) Medicine - Oncology'],
    });
    expect(rows[1]!.doi).toBe('10.9999/mbr.2023.002'); // resolver prefix and case dropped
    expect(rows[1]!.originalPaperPubMedId).toBe('36000002');
    expect(rows[2]!.retractionDoi).toBeNull(); // "unavailable"
    expect(rows[2]!.institutions).toHaveLength(2);
  });

  it('refuses a file without the required columns as a whole (row 1)', () => {
    const { rows, errors } = parseRetractionWatch([
      ['批次', '编号', '标题'],
      ['a', 'b', 'c'],
    ]);
    expect(rows).toEqual([]);
    expect(errors[0]).toMatchObject({ row: 1, reason: expect.stringMatching(/missing column\(s\) Record ID, Title, Institution/) });
  });

  it('a repeated Record ID, an empty title or a malformed DOI are row errors', () => {
    const h = [...RW_COLUMNS];
    const row = (id: string, title: string, doi: string) =>
      h.map(
        (c) =>
          (({ 'Record ID': id, Title: title, OriginalPaperDOI: doi, RetractionDate: '1/2/2026 0:00' }) as Record<string, string>)[c] ?? '',
      );
    const { rows, errors } = parseRetractionWatch([
      h,
      row('1', 'A', '10.1000/a'),
      row('1', 'B', ''),
      row('2', '', ''),
      row('3', 'C', 'doi-less'),
    ]);
    expect(rows.map((r) => r.recordId)).toEqual(['1']);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(errors[0]!.reason).toMatch(/appears twice/);
    expect(errors[1]!.reason).toMatch(/Title is empty/);
    expect(errors[2]!.reason).toMatch(/not a DOI/);
  });

  it('dates, DOIs and lists as Retraction Watch writes them', () => {
    expect(rwDate('4/15/2021 0:00')).toBe('2021-04-15');
    expect(rwDate('2021-04-15')).toBe('2021-04-15');
    expect(rwDate('2/30/2021 0:00')).toBeUndefined();
    expect(rwDate('')).toBeNull();
    expect(normaliseDoi('https://dx.doi.org/10.1000/ABC')).toBe('10.1000/abc');
    expect(normaliseDoi('unavailable')).toBeNull();
    expect(rwList('+Paper Mill;+Fake Peer Review;;')).toEqual(['Paper Mill', 'Fake Peer Review']);
  });

  it('only rows naming China (or no country) concern the tree', () => {
    expect(concernsChina({ countries: ['China'] })).toBe(true);
    expect(concernsChina({ countries: [] })).toBe(true);
    expect(concernsChina({ countries: ['United States'] })).toBe(false);
    expect(concernsChina({ countries: ['Taiwan, China'] })).toBe(false);
  });
});

describe('matching affiliations to organisations (names and aliases, whole parts)', () => {
  const orgs: MatchableOrg[] = [
    { id: 'h1', path: 'n/p/c1/h1', name: '郑州市第一人民医院', aliases: ["The First People's Hospital of Zhengzhou"] },
    { id: 'h2', path: 'n/p/c2/h2', name: '洛阳市中心医院', aliases: ['Luoyang Central Hospital'] },
    { id: 'u', path: 'n/p/u', name: '郑州大学', aliases: ['Zhengzhou University'] },
  ];
  const index = buildOrgIndex(orgs);

  it('matches an alias inside an affiliation, ignoring case, punctuation and "The"', () => {
    expect(
      matchAffiliations(['Dept. of Cardiology, the first peoples hospital of ZHENGZHOU, Zhengzhou, China'], index).map((o) => o.id),
    ).toEqual(['h1']);
    expect(matchAffiliations(['消化内科, 郑州市第一人民医院, 郑州'], index).map((o) => o.id)).toEqual(['h1']);
  });
  it('never matches a name that is only part of another name', () => {
    expect(matchAffiliations(['The First Affiliated Hospital of Zhengzhou University, Zhengzhou, China'], index)).toEqual([]);
  });
  it('names every organisation once, in the order named; their nearest common ancestor holds a shared lead', () => {
    const m = matchAffiliations(
      ['Luoyang Central Hospital, Luoyang', "The First People's Hospital of Zhengzhou", 'Luoyang Central Hospital'],
      index,
    );
    expect(m.map((o) => o.id)).toEqual(['h2', 'h1']);
    expect(commonAncestorPath(m.map((o) => o.path))).toBe('n/p');
    expect(commonAncestorPath(['n/p/c1/h1'])).toBe('n/p/c1/h1');
    expect(commonAncestorPath([])).toBeNull();
  });
  it('normalises full-width forms', () => {
    expect(normaliseInstitution('ＬＵＯＹＡＮＧ  Central-Hospital')).toBe('luoyang central hospital');
  });
});
