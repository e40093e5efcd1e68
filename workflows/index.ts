export { caseWorkflow } from './case.workflow';
export { paperWorkflow } from './paper.workflow';
