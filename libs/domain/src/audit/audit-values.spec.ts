/** Before/after values in the audit trail (RULES.md §7) with personal data masked (003 art.46; RULES.md §4). */
import { auditChange, maskAuditValue, maskContact, maskPersonName, REDACTED } from './audit-values';

const ID = '110105202001180428';
const MASKED = '1101052020****0428';

describe('maskAuditValue', () => {
  it('redacts passwords, hashes, secrets, tokens and sealed values, whatever their nesting', () => {
    expect(
      maskAuditValue({
        username: 'a',
        password: 'Demo-Passw0rd!',
        password_hash: '$argon2id$…',
        nested: { idNumberHash: 'ab12', idNumberEnc: 'v1:…', token: 't' },
      }),
    ).toEqual({
      username: 'a',
      password: REDACTED,
      password_hash: REDACTED,
      nested: { idNumberHash: REDACTED, idNumberEnc: REDACTED, token: REDACTED },
    });
  });

  it('masks ID numbers under their key and anywhere in a text; keeps what is already masked', () => {
    expect(maskAuditValue({ idNumber: ID, idNumberMasked: MASKED, reason: `核对身份证 ${ID} 后减轻` })).toEqual({
      idNumber: MASKED,
      idNumberMasked: MASKED,
      reason: `核对身份证 ${MASKED} 后减轻`,
    });
    expect(maskAuditValue({ authors: [{ order: 1, idNumber: 'E12345678' }] })).toEqual({ authors: [{ order: 1, idNumber: 'E1*****78' }] });
    expect(JSON.stringify(maskAuditValue({ deep: [[{ text: `x${ID}` }], ID] }))).not.toContain(ID.slice(10, 14) + ID.slice(14)); // no full number
  });

  it("masks the reporter's name and contact, keeps realName", () => {
    expect(maskAuditValue({ reporter: { name: '李四', contact: 'lisi@example.org', realName: true } })).toEqual({
      reporter: { name: '李*', contact: 'l***@e***.org', realName: true },
    });
    expect(maskAuditValue({ reporter: { name: '赵六', contact: '13800000000', realName: true } })).toEqual({
      reporter: { name: '赵*', contact: '138****0000', realName: true },
    });
    expect(maskAuditValue({ reporter: '李四 13800000000' })).toEqual({ reporter: REDACTED });
    expect(maskAuditValue({ reporter: null })).toEqual({ reporter: null });
  });

  it('keeps dates as ISO text and plain values as they are', () => {
    expect(maskAuditValue({ at: new Date('2026-12-07T00:00:00Z'), n: 3, ok: true, none: null, roles: ['case_officer'] })).toEqual({
      at: '2026-12-07T00:00:00.000Z',
      n: 3,
      ok: true,
      none: null,
      roles: ['case_officer'],
    });
  });

  it('masks names and contacts on their own', () => {
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskPersonName('')).toBe('');
    expect(maskContact('weixin:abc')).toBe('***');
  });
});

describe('auditChange', () => {
  it('lists the fields that changed, with both values masked', () => {
    expect(
      auditChange(
        'user',
        'u1',
        { roles: ['case_officer'], active: true, name: 'A' },
        { roles: ['case_officer', 'unit_head'], active: true, name: 'A' },
      ),
    ).toEqual({
      entity: 'user',
      id: 'u1',
      before: { roles: ['case_officer'], active: true, name: 'A' },
      after: { roles: ['case_officer', 'unit_head'], active: true, name: 'A' },
      changed: ['roles'],
    });
  });

  it('a created record has no before, a removed one no after; every field counts as changed', () => {
    expect(auditChange('warning_journal', 'j1', null, { issn: '0317-8471', title: 'T' })).toMatchObject({
      before: null,
      changed: ['issn', 'title'],
    });
    expect(auditChange('case_access_denial', 'c1/u1', { reason: '回避' }, null)).toMatchObject({ after: null, changed: ['reason'] });
  });

  it('a password change shows as changed though both values are redacted; an unchanged record is no change', () => {
    expect(auditChange('user', 'u1', { password: 'old' }, { password: 'new' })).toEqual({
      entity: 'user',
      id: 'u1',
      before: { password: REDACTED },
      after: { password: REDACTED },
      changed: ['password'],
    });
    expect(auditChange('user', 'u1', { a: 1 }, { a: 1 })).toBeNull();
    expect(auditChange('x', null, null, null)).toBeNull();
  });
});
