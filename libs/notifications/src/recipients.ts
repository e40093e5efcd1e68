/**
 * Who receives a notification: the facts of its subject (case, paper, lead) and the users of an organisation in the
 * roles of an audience, with and without an e-mail address. Users denied access to a case (recusal) get nothing about it.
 */
import { isEmailAddress, type NotificationAudience } from '@libs/domain/src/notifications';
import { type CaseFacts, type RecipientUser, usersInRoles } from '@libs/persistence/src/notification-recipients';
import type { Queryable } from '@libs/persistence/src/queryable';

// The SQL (subject facts, users in roles) lives in the data-access module; re-exported for the library's callers.
export {
  type CaseFacts,
  type LeadFacts,
  type PaperFacts,
  type RecipientUser,
  type ReportingParty,
  loadCaseFacts,
  loadLeadFacts,
  loadOrganisations,
  loadPaperFacts,
  usersInRoles,
} from '@libs/persistence/src/notification-recipients';

/** Roles that receive the mails of each staff audience [decision]. */
export const HANDLER_RECIPIENT_ROLES = ['case_officer', 'integrity_admin'];
export const ESCALATION_RECIPIENT_ROLES = ['supervisor', 'integrity_admin'];
export const UNIT_RECIPIENT_ROLES = ['integrity_admin'];

export interface Recipient {
  /** Recipient part of the deduplication key: `user:<id>`, `reporter`, or `email:<address>`. */
  key: string;
  userId: string | null;
  email: string;
  name?: string;
}

/** The recipients found, why some (or all) were left out, and how many who should have been told could not be. */
export interface Recipients {
  recipients: Recipient[];
  skipped?: string;
  unaddressed: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCaseId(id: string): boolean {
  return UUID.test(id);
}

/** Users with an address become recipients (`user:<id>`); the others are named in `skipped`. */
export function addressed(users: RecipientUser[]): Recipients {
  const without = users.filter((u) => !isEmailAddress(u.email)).map((u) => u.username);
  return {
    recipients: users
      .filter((u) => isEmailAddress(u.email))
      .map((u) => ({ key: `user:${u.id}`, userId: u.id, email: u.email!.trim(), name: u.name })),
    skipped: without.length ? `no e-mail address: ${without.join(', ')}` : undefined,
    unaddressed: without.length,
  };
}

/** Recipients of a case notice from roles in organisations; users denied access to the case (recusal) get nothing about it. */
export async function caseRecipients(
  q: Queryable,
  c: CaseFacts,
  audience: NotificationAudience,
  data?: Record<string, unknown>,
): Promise<Recipients> {
  const users = async (orgIds: string[], roles: string[]) => addressed(await usersInRoles(q, orgIds, roles, c.id));
  /** Nobody to send to: `missed` says whether somebody should have been told (1) or there is nobody to tell (0). */
  const none = (why: string, missed: 0 | 1): Recipients => ({ recipients: [], skipped: why, unaddressed: missed });
  switch (audience) {
    case 'handlers': {
      const r = await users([c.handling_org_id], HANDLER_RECIPIENT_ROLES);
      return r.recipients.length || r.skipped ? r : none('the handling organisation has no active case_officer or integrity_admin', 1);
    }
    case 'escalation': {
      if (!c.parent_org_id) return none('the handling organisation has no parent organisation to escalate to', 0);
      const r = await users([c.parent_org_id], ESCALATION_RECIPIENT_ROLES);
      return r.recipients.length || r.skipped ? r : none('the parent organisation has no active supervisor or integrity_admin', 1);
    }
    case 'reporter': {
      // The address stays in the outbox row; nothing else (body, logs, result) names the reporter.
      const rep = c.reporter;
      if (!rep) return none('the case has no reporter', 0);
      if (rep.realName !== true) return none('the reporter is anonymous (not a real-name report)', 0);
      if (!isEmailAddress(rep.contact)) return none('the reporter gave no e-mail address', 1);
      return { recipients: [{ key: 'reporter', userId: null, email: rep.contact.trim() }], unaddressed: 0 };
    }
    case 'participating_units': {
      const d = data ?? {};
      const orgIds = Array.isArray(d.orgIds)
        ? d.orgIds.filter((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x))
        : [];
      const emails = Array.isArray(d.emails) ? d.emails.filter(isEmailAddress).map((e) => e.trim()) : [];
      const r: Recipients = orgIds.length
        ? await users(orgIds, UNIT_RECIPIENT_ROLES)
        : { recipients: [], skipped: undefined, unaddressed: 0 };
      const seen = new Set(r.recipients.map((x) => x.email.toLowerCase()));
      const extra = emails
        .filter((e) => !seen.has(e.toLowerCase()))
        .map((e) => ({ key: `email:${e.toLowerCase()}`, userId: null, email: e }));
      const all = [...r.recipients, ...extra];
      // Units named without any account or address: nobody there could be told.
      if (!all.length)
        return r.skipped
          ? { ...r, unaddressed: Math.max(r.unaddressed, 1) }
          : none('no participating units given (data.orgIds, data.emails)', 0);
      return { recipients: all, skipped: r.skipped, unaddressed: r.unaddressed };
    }
    // Issue 17: reports to the authority that transferred the case (003 art.25, 28) and to a lead investigating unit
    // (003 art.28): its officers when it is an organisation of the tree, else the address recorded at registration.
    case 'transferring_authority':
    case 'lead_unit': {
      const party = audience === 'transferring_authority' ? c.transferred_by : c.lead_unit;
      const what = audience === 'transferring_authority' ? 'transferring authority' : 'lead investigating unit';
      if (!party) return none(`the case has no ${what}`, 0);
      if (party.orgId) {
        const r = await users([party.orgId], HANDLER_RECIPIENT_ROLES);
        return r.recipients.length || r.skipped ? r : none(`the ${what} has no active case_officer or integrity_admin`, 1);
      }
      if (!isEmailAddress(party.email)) return none(`the ${what} has no e-mail address`, 1);
      return {
        recipients: [{ key: `email:${party.email.trim().toLowerCase()}`, userId: null, email: party.email.trim(), name: party.name }],
        unaddressed: 0,
      };
    }
    // Issue 17 point 1: the organisation hearing the appeal (003 art.42; 001 art.45).
    case 'appeal_authority': {
      // The workflow names it (data.appealOrgId): the projection of the appeal may not have landed yet.
      const named = data?.appealOrgId;
      const orgId = typeof named === 'string' && /^[0-9a-f-]{36}$/i.test(named) ? named : c.appeal_org_id;
      if (!orgId) return none('no appeal has been lodged with a superior authority', 0);
      const r = await users([orgId], HANDLER_RECIPIENT_ROLES);
      return r.recipients.length || r.skipped
        ? r
        : none('the organisation hearing the appeal has no active case_officer or integrity_admin', 1);
    }
  }
}
