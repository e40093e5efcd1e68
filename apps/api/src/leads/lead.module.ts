import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { WorkflowActionModule } from '../common/workflow-action.module';
import { LeadController, LeadExportController, OrgAliasController } from './lead.controller';
import { LeadService } from './lead.service';

/** Leads before cases (issue 22): /leads, /leads.csv|xlsx, /leads/review-queue, /organisations/:id/aliases. */
@Module({
  imports: [CalendarModule, WorkflowActionModule],
  controllers: [LeadExportController, LeadController, OrgAliasController],
  providers: [LeadService],
  exports: [LeadService],
})
export class LeadModule {}
