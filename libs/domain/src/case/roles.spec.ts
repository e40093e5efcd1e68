import { WorkingCalendar, chineseDaysCalendarYears } from '../calendar';
import { getPolicyProfile } from '../policy';
import { DomainError } from '../shared';
import { ACTIONS, ACTION_NAMES, actingRole, roleRefusal, rolesTaking, type ActionName, type Role } from './actions';
import { applyAction, openCase, type Ctx } from './lifecycle';

// The role rule (issue 19 point 4) is stated once, in `rolesTaking`; the API's 403, the caller's allowedActions and the
// reducer all ask it. These tests pin what it says and that the reducer's refusal and the API's are the same rule.

const ROLES: Role[] = ['integrity_admin', 'case_officer', 'investigator', 'unit_head', 'supervisor', 'system_admin'];
const NATIONAL = getPolicyProfile('national-2022');

describe('rolesTaking', () => {
  it("under the current rules is the action's roles, for every action", () => {
    for (const a of ACTION_NAMES) expect(rolesTaking(a, true)).toEqual(ACTIONS[a].roles);
  });

  it('for a case from before the procedure-edge rules also admits the former roles (officers suspended and terminated alone)', () => {
    expect(rolesTaking('suspend', true)).toEqual(['unit_head']);
    expect(rolesTaking('suspend', false)).toEqual(['unit_head', 'integrity_admin', 'case_officer']);
    expect(rolesTaking('terminate', false)).toEqual(['unit_head', 'integrity_admin', 'case_officer']);
    expect(rolesTaking('decide', false)).toEqual(['unit_head', 'integrity_admin']);
  });
});

describe('actingRole', () => {
  it("is the first of the caller's roles that may take the action, or null", () => {
    expect(actingRole('decide', ['case_officer', 'integrity_admin', 'unit_head'], true)).toBe('integrity_admin');
    expect(actingRole('decide', ['case_officer'], true)).toBeNull();
    expect(actingRole('record_interview', ['supervisor', 'investigator'], true)).toBe('investigator');
    expect(actingRole('suspend', ['case_officer'], true)).toBeNull();
    expect(actingRole('suspend', ['case_officer'], false)).toBe('case_officer');
  });
});

describe('roleRefusal', () => {
  it('is null for a caller holding a role that may take the action', () => {
    expect(roleRefusal('decide', ['supervisor', 'unit_head'], true)).toBeNull();
  });

  it("is the 403 naming the roles (the API's answer), and cites the article when given (the reducer's)", () => {
    const api = roleRefusal('decide', ['case_officer', 'investigator'], true)!;
    expect(api).toBeInstanceOf(DomainError);
    expect([api.code, api.message, api.issues]).toEqual([
      'FORBIDDEN',
      'action "decide" needs one of the roles unit_head, integrity_admin',
      [],
    ]);
    expect(roleRefusal('decide', ['case_officer'], true, '003 art.36')!.message).toBe(
      'action "decide" needs one of the roles unit_head, integrity_admin (003 art.36)',
    );
  });

  it('refuses exactly the roles the reducer refuses, with the same roles named, for every action and role (current rules)', () => {
    const ctx: Ctx = {
      profile: NATIONAL,
      calendar: new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json'))),
      now: Date.parse('2026-03-02T01:00:00Z'),
      strict: true,
      edges: true,
    };
    const { state } = openCase(
      {
        caseId: 'c',
        number: 'SC-2026-000001',
        profile: NATIONAL.code,
        source: 'report',
        receivedAt: '2026-03-02',
        openedBy: null,
      } as never,
      ctx,
    );
    for (const action of ACTION_NAMES as ActionName[]) {
      for (const role of ROLES) {
        let reducer: DomainError | null = null;
        try {
          applyAction(state, action, { userId: 'u', role, orgId: 'o' }, {}, ctx);
        } catch (e) {
          reducer = e as DomainError;
        }
        const shared = roleRefusal(action, [role], true);
        expect({ action, role, forbidden: reducer?.code === 'FORBIDDEN' && !('appealOrgId' in reducer.details) }).toEqual({
          action,
          role,
          forbidden: shared !== null,
        });
        if (shared) expect(reducer!.details).toEqual(shared.details);
      }
    }
  });
});
