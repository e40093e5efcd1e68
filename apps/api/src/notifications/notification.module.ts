import { Module } from '@nestjs/common';
import { NotificationActivitiesService } from '../../../../activities/notification.activities';
import { CaseAccessModule } from '../cases/case-access.module';
import { NotificationController } from './notification.controller';
import { NotificationService } from './notification.service';

/**
 * The notification outbox (issue 7): GET /api/v1/notifications, and POST /api/v1/notifications/:id/retry to re-send a
 * failed or unknown row. The worker writes and sends; a re-send uses the same delivery code (claim, hand-over, mark).
 */
@Module({ imports: [CaseAccessModule], controllers: [NotificationController], providers: [NotificationService, NotificationActivitiesService] })
export class NotificationModule {}
