/**
 * Runs one `notify` call in a process of its own, so a test can kill it (SIGKILL) at an exact point of the delivery
 * protocol: what the outbox holds afterwards is what a worker crash leaves. Argument: JSON { databaseUrl, smtpUrl, input }.
 */
import { DataSource } from 'typeorm';
import type { NotifyInput } from '@activities/case-activities.interface';
import { NotificationActivitiesService } from '@activities/notification.activities';
import { dataSourceOptions } from '@libs/persistence/src/data-source';
import { notificationConfig } from './notification-config';

async function main(): Promise<void> {
  const { databaseUrl, smtpUrl, input } = JSON.parse(process.argv[2] ?? '{}') as {
    databaseUrl: string;
    smtpUrl: string;
    input: NotifyInput;
  };
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const result = await new NotificationActivitiesService(ds, notificationConfig({ smtpUrl })).notify(input);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
