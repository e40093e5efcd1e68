/** What the audit trail keeps of a change (RULES.md §7), pure. */
export { REDACTED, auditChange, maskAuditValue, maskContact, maskPersonName } from './audit-values';
export type { AuditChange } from './audit-values';
