import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CaseActivitiesService } from '@activities/case.activities';
import { NotificationActivitiesService } from '@activities/notification.activities';
import { PaperActivitiesService } from '@activities/paper.activities';
import { LeadActivitiesService } from '@activities/lead.activities';
import { CalendarReloadActivitiesService } from '@activities/calendar-reload.activities';
import { AppConfigModule, type AppConfig } from '@libs/config/src';
import { PersistenceModule } from '@libs/persistence/src/persistence.module';
import { temporalConnectionOptions } from '@libs/temporal/src/connection-options';
import { workflowCodeSource, WORKFLOW_PRELOAD_MODULES } from './workflow-bundle';

export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');
export interface WorkerExtraOptions {
  /** Pre-bundled workflow code (tests bundle once per file); default: the build's bundle (workflow-bundle.ts). */
  workflowBundle?: { code: string };
}

/** Hosts the Temporal worker inside a Nest application context so activities get dependency injection. */
@Injectable()
export class TemporalWorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('TemporalWorker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    private readonly caseActivities: CaseActivitiesService,
    private readonly notificationActivities: NotificationActivitiesService,
    private readonly paperActivities: PaperActivitiesService,
    private readonly leadActivities: LeadActivitiesService,
    private readonly reloadActivities: CalendarReloadActivitiesService,
    @Inject(WORKER_OPTIONS) private readonly extra: WorkerExtraOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { temporal, worker } = this.config.get('app', { infer: true });
    this.connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
    const activities = {
      projectCase: this.caseActivities.projectCase.bind(this.caseActivities),
      openTransferredCase: this.caseActivities.openTransferredCase.bind(this.caseActivities),
      notify: this.notificationActivities.notify.bind(this.notificationActivities),
      projectPaper: this.paperActivities.projectPaper.bind(this.paperActivities),
      openPaperCase: this.paperActivities.openPaperCase.bind(this.paperActivities),
      transferPaperCase: this.paperActivities.transferPaperCase.bind(this.paperActivities),
      notifyPaper: this.notificationActivities.notifyPaper.bind(this.notificationActivities),
      projectLead: this.leadActivities.projectLead.bind(this.leadActivities),
      openLeadCase: this.leadActivities.openLeadCase.bind(this.leadActivities),
      notifyLead: this.notificationActivities.notifyLead.bind(this.notificationActivities),
      notifyReporter: this.notificationActivities.notifyReporter.bind(this.notificationActivities),
      beginCalendarReload: this.reloadActivities.beginCalendarReload.bind(this.reloadActivities),
      signalCalendarReloadPage: this.reloadActivities.signalCalendarReloadPage.bind(this.reloadActivities),
      pendingCalendarReloadTargets: this.reloadActivities.pendingCalendarReloadTargets.bind(this.reloadActivities),
      finishCalendarReload: this.reloadActivities.finishCalendarReload.bind(this.reloadActivities),
    };
    const code = this.extra.workflowBundle ? { workflowBundle: this.extra.workflowBundle } : workflowCodeSource();
    if ('reason' in code) this.log.warn({ msg: 'bundling the workflow code at start', reason: code.reason });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...('reason' in code
        ? { workflowsPath: code.workflowsPath, bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES } }
        : { workflowBundle: code.workflowBundle }),
      activities,
      // Two workflow threads instead of one: each call into the workflow sandbox waits for the V8 watchdog thread
      // (isolateExecutionTimeout) to start and stop, so on a busy machine one thread spends much of its time waiting;
      // a second keeps the cached workflows moving meanwhile. Measured with bench/actions.bench.ts (README).
      workflowThreadPoolSize: 2,
      // Explicit rather than the SDK's default, which follows the heap limit of the machine (about 2,300 on 24 GiB):
      // every open case is a long-lived workflow, and one evicted from the cache is replayed from its history on its
      // next task. Measured with bench/scale.bench.ts (README "Benchmarks"): memory per cached case and replay cost.
      maxCachedWorkflows: worker.maxCachedWorkflows,
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => this.log.error({ msg: 'worker stopped with an error', error: String(err) }));
    this.log.log({ msg: 'worker running', taskQueue: temporal.taskQueue, maxCachedWorkflows: worker.maxCachedWorkflows });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}

@Module({})
export class WorkerModule {
  static register(extra: WorkerExtraOptions = {}) {
    return {
      module: WorkerModule,
      imports: [AppConfigModule, PersistenceModule],
      providers: [
        CaseActivitiesService,
        NotificationActivitiesService,
        PaperActivitiesService,
        LeadActivitiesService,
        CalendarReloadActivitiesService,
        TemporalWorkerHost,
        { provide: WORKER_OPTIONS, useValue: extra },
      ],
    };
  }
}
