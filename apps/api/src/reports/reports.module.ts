import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../cases/case-access.module';
import { CaseModule } from '../cases/case.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { LeadModule } from '../leads/lead.module';
import { CaseLinksService } from './case-links.service';
import { ReporterAuth, ReporterGuard } from './reporter-auth';
import { CaseReporterController, ReportInboxController, ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The reporter channel and linked cases (issue 23 points 1 and 3). */
@Module({
  imports: [CaseAccessModule, CaseModule, EvidenceModule, LeadModule],
  controllers: [ReportsController, CaseReporterController, ReportInboxController],
  providers: [ReportsService, CaseLinksService, ReporterAuth, ReporterGuard],
})
export class ReportsModule {}
