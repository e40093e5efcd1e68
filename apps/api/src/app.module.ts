import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule } from '@libs/config/src';
import { PersistenceModule } from '@libs/persistence/src/persistence.module';
import { TemporalClientModule } from '@libs/temporal/src';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CaseModule } from './cases/case.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { DecisionModule } from './decisions/decision.module';
import { DocumentsModule } from './documents/documents.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { OrganisationModule } from './organisations/organisation.module';
import { PaperModule } from './papers/paper.module';
import { JournalModule } from './journals/journal.module';
import { LeadModule } from './leads/lead.module';
import { SpotCheckModule } from './spot-checks/spot-check.module';
import { SelfInspectionModule } from './self-inspections/self-inspection.module';
import { NotificationModule } from './notifications/notification.module';
import { PolicyModule } from './policy/policy.module';
import { ReportsModule } from './reports/reports.module';
import { RegistryModule } from './registry/registry.module';
import { StatisticsModule } from './statistics/statistics.module';
import { SupervisionModule } from './supervision/supervision.module';
import { WorkbenchModule } from './workbench/workbench.module';
import { UserModule } from './users/user.module';
import { ArchiveModule } from './archives/archive.module';

@Module({
  imports: [
    AppConfigModule,
    PersistenceModule,
    TemporalClientModule,
    AuthModule,
    HealthModule,
    CalendarModule,
    PolicyModule,
    CaseModule,
    AuditModule,
    OrganisationModule,
    UserModule,
    EvidenceModule,
    DecisionModule,
    DocumentsModule,
    RegistryModule,
    JournalModule,
    StatisticsModule,
    SupervisionModule,
    NotificationModule,
    PaperModule,
    LeadModule,
    SpotCheckModule,
    SelfInspectionModule,
    WorkbenchModule,
    ArchiveModule,
    ReportsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class AppModule {}
