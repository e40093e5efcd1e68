export { caseWorkflow } from './case.workflow';
export { paperWorkflow } from './paper.workflow';
export { leadWorkflow } from './lead.workflow';
export { calendarReloadWorkflow } from './calendar-reload.workflow';
