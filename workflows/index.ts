export { caseWorkflow } from './case.workflow';
export { paperWorkflow } from './paper.workflow';
export { reporterNoticeWorkflow } from './reporter-notice.workflow';
