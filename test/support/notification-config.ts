/** The slice of the Nest ConfigService that NotificationActivitiesService reads, for services built by hand in tests. */
import type { ConfigService } from '@nestjs/config';
import type { AppConfig, NotificationConfig } from '@libs/config/src/config';

export const TEST_APP_BASE_URL = 'http://cases.test:3000';

/** A config whose notification settings the test may change between calls (`settings.smtpUrl = …`). */
export function notificationConfig(
  over: Partial<NotificationConfig> = {},
): ConfigService<{ app: AppConfig }, true> & { settings: NotificationConfig } {
  const settings: NotificationConfig = {
    smtpUrl: 'smtp://127.0.0.1:9',
    mailFrom: 'integrity-cases <noreply@cases.test>',
    appBaseUrl: TEST_APP_BASE_URL,
    locale: 'zh',
    ...over,
  };
  return { settings, get: () => ({ notifications: settings }) } as unknown as ConfigService<{ app: AppConfig }, true> & {
    settings: NotificationConfig;
  };
}
