import type { ExportColumn } from '../common/table-export';
import type { LeadItem } from './lead.service';

const STATUS: Record<string, string> = { open: '待研判', case_opened: '已立案', closed: '已关闭' };
const ORIGIN: Record<string, string> = {
  manual: '人工录入',
  paper_import: '国家撤稿论文导入',
  retraction_watch: 'Retraction Watch',
  spot_check: '原始数据抽查',
};
const CATEGORY: Record<string, string> = { retraction: '撤稿论文', media: '舆情', routine: '日常管理发现' };
const TRIAGE: Record<string, string> = { open: '未到期', overdue: '已超期', met: '已研判', closed: '已关闭' };

/** Columns of the lead list export (GET /leads.csv, /leads.xlsx). */
export const LEAD_EXPORT_COLUMNS: ExportColumn<LeadItem>[] = [
  { header: '线索编号', width: 16, value: (l) => l.number },
  { header: '状态', width: 9, value: (l) => STATUS[l.status] ?? l.status },
  { header: '来源', width: 18, value: (l) => ORIGIN[l.origin] ?? l.origin },
  { header: '类别', width: 12, value: (l) => CATEGORY[l.category] ?? l.category },
  { header: '标题', width: 60, value: (l) => l.title },
  { header: 'DOI', width: 28, value: (l) => l.doi },
  { header: '作者', width: 30, value: (l) => l.authors.join('; ') },
  { header: '期刊', width: 30, value: (l) => l.journal },
  { header: '研判单位', width: 28, value: (l) => l.holder.name },
  { header: '研判期限', width: 12, value: (l) => l.triage?.dueDate },
  { header: '期限状态', width: 9, value: (l) => (l.triage ? (TRIAGE[l.triage.status] ?? l.triage.status) : '') },
  { header: '超期工作日', width: 10, value: (l) => l.triage?.overdueWorkingDays ?? 0 },
  { header: '案件编号', width: 18, value: (l) => l.caseNumber },
  { header: '关闭理由', width: 20, value: (l) => l.closeReason },
  { header: '登记时间', width: 22, value: (l) => l.createdAt },
  { header: '线索ID', width: 38, value: (l) => l.id },
];
