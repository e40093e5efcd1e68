import { Initial1763800000000 } from './1763800000000-Initial';
import { Audit1763850000000 } from './1763850000000-Audit';
import { Decisions1763950000000 } from './1763950000000-Decisions';
import { SupervisionIndexes1764000000000 } from './1764000000000-SupervisionIndexes';
import { WarningJournals1764100000000 } from './1764100000000-WarningJournals';
import { Notifications1764200000000 } from './1764200000000-Notifications';
import { ReminderPolicy1764300000000 } from './1764300000000-ReminderPolicy';
import { ProblemPapers1764400000000 } from './1764400000000-ProblemPapers';
import { PolicyProfileReminders1764500000000 } from './1764500000000-PolicyProfileReminders';
import { SupervisionHistory1764600000000 } from './1764600000000-SupervisionHistory';
import { TokenRevocation1764800000000 } from './1764800000000-TokenRevocation';
import { PaperNotifications1764900000000 } from './1764900000000-PaperNotifications';
import { OverdueSpans1765000000000 } from './1765000000000-OverdueSpans';
import { CaseAllowedActions1765100000000 } from './1765100000000-CaseAllowedActions';
import { PaperView1765200000000 } from './1765200000000-PaperView';
import { IdempotencyKeys1765300000000 } from './1765300000000-IdempotencyKeys';
import { CaseBlockedActions1765310000000 } from './1765310000000-CaseBlockedActions';
import { ProcedureEdges1765500000000 } from './1765500000000-ProcedureEdges';
import { DecisionStatusHistory1765550000000 } from './1765550000000-DecisionStatusHistory';
import { StaleReminders1765560000000 } from './1765560000000-StaleReminders';
import { PaperRevisions1765600000000 } from './1765600000000-PaperRevisions';
import { Leads1765900000000 } from './1765900000000-Leads';
import { SpotChecksSelfInspections1765900100000 } from './1765900100000-SpotChecksSelfInspections';
import { NotificationAudiencesAfterLeads1765900100001 } from './1765900100001-NotificationAudiencesAfterLeads';
import { CaseDocuments1765950000000 } from './1765950000000-CaseDocuments';
import { ReporterChannel1766000000000 } from './1766000000000-ReporterChannel';
import { CalendarReloads1766050000000 } from './1766050000000-CalendarReloads';
import { SupervisionDueOrder1766060000000 } from './1766060000000-SupervisionDueOrder';
import { IntegrityArchives1766100000000 } from './1766100000000-IntegrityArchives';

/** Every migration, in order. Schema changes only ever happen here (never `synchronize`). */
export const MIGRATIONS = [
  Initial1763800000000,
  Audit1763850000000,
  Decisions1763950000000,
  SupervisionIndexes1764000000000,
  WarningJournals1764100000000,
  Notifications1764200000000,
  ReminderPolicy1764300000000,
  ProblemPapers1764400000000,
  PolicyProfileReminders1764500000000,
  SupervisionHistory1764600000000,
  TokenRevocation1764800000000,
  PaperNotifications1764900000000,
  OverdueSpans1765000000000,
  CaseAllowedActions1765100000000,
  PaperView1765200000000,
  IdempotencyKeys1765300000000,
  CaseBlockedActions1765310000000,
  ProcedureEdges1765500000000,
  DecisionStatusHistory1765550000000,
  StaleReminders1765560000000,
  PaperRevisions1765600000000,
  Leads1765900000000,
  SpotChecksSelfInspections1765900100000,
  NotificationAudiencesAfterLeads1765900100001,
  CaseDocuments1765950000000,
  ReporterChannel1766000000000,
  CalendarReloads1766050000000,
  SupervisionDueOrder1766060000000,
  IntegrityArchives1766100000000,
];
