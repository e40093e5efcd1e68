export { caseWorkflow } from './case.workflow';
export { paperWorkflow } from './paper.workflow';
export { leadWorkflow } from './lead.workflow';
export { reporterNoticeWorkflow } from './reporter-notice.workflow';
export { calendarReloadWorkflow } from './calendar-reload.workflow';
