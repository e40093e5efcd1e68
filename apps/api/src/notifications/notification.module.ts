import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src/config';
import { NotificationDelivery } from '@libs/notifications/src';
import { CaseAccessModule } from '../cases/case-access.module';
import { NotificationController } from './notification.controller';
import { NotificationService } from './notification.service';

/**
 * The notification outbox (issue 7): GET /api/v1/notifications, and POST /api/v1/notifications/:id/retry to re-send a
 * failed or unknown row. The worker writes and sends; a re-send uses the same delivery code (libs/notifications:
 * claim, hand-over, mark).
 */
@Module({
  imports: [CaseAccessModule],
  controllers: [NotificationController],
  providers: [
    NotificationService,
    {
      provide: NotificationDelivery,
      inject: [DataSource, ConfigService],
      useFactory: (ds: DataSource, config: ConfigService<{ app: AppConfig }, true>) =>
        new NotificationDelivery(ds, () => config.get('app', { infer: true }).notifications),
    },
  ],
})
export class NotificationModule {}
