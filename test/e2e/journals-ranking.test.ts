/**
 * Warning journals (预警期刊), end to end (the quarterly ranking, 000 §4: registry-ranking.test.ts).
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { startStack, type E2EStack } from '../support/app';

describe('warning journals and the quarterly ranking', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    for (const u of ['henan.admin', 'hospa.admin', 'hospb.officer', 'hospa.officer', 'nhc.sysadmin']) tokens[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

  it('a provincial integrity admin keeps the list; institutions only look it up; ISSN checked; duplicates refused', async () => {
    const journal = { issn: '0317-8471', title: 'Journal of Predatory Results', publisher: 'X Press', source: '2026 预警名单' };
    await s.http.post('/api/v1/warning-journals').set(as('hospa.admin')).send(journal).expect(403);
    expect(
      (
        await s.http
          .post('/api/v1/warning-journals')
          .set(as('henan.admin'))
          .send({ ...journal, issn: '0317-8472' })
          .expect(400)
      ).body.issues[0].path,
    ).toBe('issn');
    await s.http.post('/api/v1/warning-journals').set(as('henan.admin')).send(journal).expect(201);
    await s.http.post('/api/v1/warning-journals').set(as('henan.admin')).send(journal).expect(409);
    const byIssn = await s.http.get('/api/v1/warning-journals?issn=0317-8471').set(as('hospb.officer')).expect(200);
    expect(byIssn.body).toMatchObject({ listed: true, journals: [expect.objectContaining({ title: 'Journal of Predatory Results' })] });
    const byTitle = await s.http
      .get(`/api/v1/warning-journals?title=${encodeURIComponent('journal of  PREDATORY')}`)
      .set(as('hospb.officer'))
      .expect(200);
    expect(byTitle.body.listed).toBe(true);
    expect((await s.http.get('/api/v1/warning-journals?issn=1234-5679').set(as('hospb.officer')).expect(200)).body).toEqual({
      listed: false,
      journals: [],
    });
    await s.http.get('/api/v1/warning-journals').set(as('hospb.officer')).expect(400);

    const id = byIssn.body.journals[0].id as string;
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('hospa.admin')).expect(403);
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('henan.admin')).expect(204);
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('henan.admin')).expect(404);
    expect((await s.http.get('/api/v1/warning-journals?issn=0317-8471').set(as('hospb.officer')).expect(200)).body.listed).toBe(false);
  });

  it('imports a list with row-level errors; importing it again adds nothing', async () => {
    const csv = [
      'issn,title,publisher,source',
      '2049-3630,Open Journal A,,2026 预警名单',
      'abcd,Bad ISSN Journal,,2026 预警名单',
      ',某某医学杂志,,2026 预警名单',
      '2049-3630,Open Journal A duplicate row,,2026',
    ].join('\n');
    const send = () =>
      s.http
        .post('/api/v1/warning-journals/import')
        .set(as('nhc.sysadmin'))
        .attach('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' })
        .expect(200);
    const first = await send();
    expect(first.body.imported).toBe(2);
    expect(first.body.errors).toEqual([
      { row: 3, field: 'issn', message: expect.stringContaining('not a valid ISSN') },
      { row: 5, field: 'issn', message: 'duplicate: already listed' },
    ]);
    const second = await send();
    expect(second.body.imported).toBe(0);
    expect(
      (
        await s.http
          .get(`/api/v1/warning-journals?title=${encodeURIComponent('某某医学')}`)
          .set(as('hospa.officer'))
          .expect(200)
      ).body.listed,
    ).toBe(true);
  });
  // The quarterly ranking is tested on decisions taken, revoked and changed through the real path: registry-ranking.test.ts.
});
