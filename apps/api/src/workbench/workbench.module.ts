import { Module } from '@nestjs/common';
import { WorkbenchRoutes } from './workbench.routes';

/** The officers' workbench (web/workbench), served at /app beside the supervision dashboard (/dashboard). */
@Module({ providers: [WorkbenchRoutes] })
export class WorkbenchModule {}
