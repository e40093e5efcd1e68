import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DashboardRoutes } from './dashboard/dashboard.routes';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

/** Supervisor monitoring (issue 8): /api/v1/supervision/* and the dashboard page at /dashboard. */
@Module({
  imports: [CalendarModule],
  controllers: [SupervisionController],
  providers: [SupervisionService, DashboardRoutes],
})
export class SupervisionModule {}
