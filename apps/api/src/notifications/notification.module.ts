import { Module } from '@nestjs/common';
import { CaseAccessModule } from '../cases/case-access.module';
import { NotificationController } from './notification.controller';
import { NotificationService } from './notification.service';

/** The notification outbox, read-only (issue 7): GET /api/v1/notifications. The worker writes and sends. */
@Module({ imports: [CaseAccessModule], controllers: [NotificationController], providers: [NotificationService] })
export class NotificationModule {}
