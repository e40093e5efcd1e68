import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, type Principal } from '../auth/principal';
import { RequireRoles, RolesGuard } from '../users/roles';
import { EXPORT_TITLES, toCsv, toXlsx } from './supervision.export';
import {
  DueSoonExportQuery,
  DueSoonListQuery,
  OverdueExportQuery,
  OverdueListQuery,
  OverdueTrendQuery,
  SummaryQuery,
} from './supervision.query';
import { EXPORT_MAX_ROWS, SupervisionService, type ListKind } from './supervision.service';
import { Answers, AnswersFile, EXPORT_HEADERS, Refuses } from '../common/openapi';
import { OverdueTrendSchema, SupervisedDeadlinePageSchema, SupervisionSummarySchema } from '@libs/contract/src';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Supervisor monitoring (issue 8, RULES.md §6). Supervisors and integrity administrators only (403 for other roles,
 * checked by the guard before the query is validated); everything is limited to the caller's organisation subtree
 * minus the cases the caller is denied.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@UseGuards(RolesGuard)
@RequireRoles('supervisor', 'integrity_admin')
@Refuses(404)
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly audit: AuditService,
  ) {}

  @Get('overdue')
  @ApiOperation({
    summary: 'Overdue deadlines in your subtree, with overdue working days, handling organisation path and responsible officers',
  })
  @Answers(SupervisedDeadlinePageSchema)
  overdue(@CurrentUser() p: Principal, @Query() q: OverdueListQuery) {
    return this.supervision.overdue(p, q);
  }

  @Get('due-soon')
  @ApiOperation({
    summary: 'Open deadlines due within `withinWorkingDays` working days from today (Asia/Shanghai), with remaining working days',
  })
  @Answers(SupervisedDeadlinePageSchema)
  dueSoon(@CurrentUser() p: Principal, @Query() q: DueSoonListQuery) {
    return this.supervision.dueSoon(p, q);
  }

  @Get('suspended')
  @ApiOperation({
    summary:
      'Running deadlines of suspended cases in your subtree (status `suspended`): not counted while suspended (003 art.23; 001 art.23), ' +
      'working days as on the day the suspension began',
  })
  @Answers(SupervisedDeadlinePageSchema)
  suspended(@CurrentUser() p: Principal, @Query() q: OverdueListQuery) {
    return this.supervision.suspended(p, q);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Counts by phase, by child organisation (drill down with orgId), overdue by kind, opened and closed per month' })
  @Answers(SupervisionSummarySchema)
  summary(@CurrentUser() p: Principal, @Query() q: SummaryQuery) {
    return this.supervision.summary(p, q);
  }

  @Get('overdue-trend')
  @ApiOperation({
    summary:
      'Overdue deadlines of your subtree over time: per day, ISO week or month, the deadlines due before the end of that day (now, for today) and neither met nor closed by then',
  })
  @Answers(OverdueTrendSchema)
  overdueTrend(@CurrentUser() p: Principal, @Query() q: OverdueTrendQuery) {
    return this.supervision.overdueTrend(p, q);
  }

  @Get('overdue.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Overdue list as CSV (UTF-8 with BOM, Chinese headers), every matching row up to ${EXPORT_MAX_ROWS}` })
  async overdueCsv(@CurrentUser() p: Principal, @Query() q: OverdueExportQuery, @Res() res: Response) {
    await this.export(p, 'overdue', 'csv', q, res);
  }

  @Get('overdue.xlsx')
  @AnswersFile([XLSX], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Overdue list as an Excel workbook, every matching row up to ${EXPORT_MAX_ROWS}` })
  async overdueXlsx(@CurrentUser() p: Principal, @Query() q: OverdueExportQuery, @Res() res: Response) {
    await this.export(p, 'overdue', 'xlsx', q, res);
  }

  @Get('due-soon.csv')
  @AnswersFile(['text/csv; charset=utf-8'], { description: 'UTF-8 with BOM, Chinese headers', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Due-soon list as CSV (UTF-8 with BOM, Chinese headers), every matching row up to ${EXPORT_MAX_ROWS}` })
  async dueSoonCsv(@CurrentUser() p: Principal, @Query() q: DueSoonExportQuery, @Res() res: Response) {
    await this.export(p, 'due-soon', 'csv', q, res);
  }

  @Get('due-soon.xlsx')
  @AnswersFile([XLSX], { description: 'an Excel workbook', headers: EXPORT_HEADERS })
  @ApiOperation({ summary: `Due-soon list as an Excel workbook, every matching row up to ${EXPORT_MAX_ROWS}` })
  async dueSoonXlsx(@CurrentUser() p: Principal, @Query() q: DueSoonExportQuery, @Res() res: Response) {
    await this.export(p, 'due-soon', 'xlsx', q, res);
  }

  /**
   * `X-Total-Count` carries every matching row; when it exceeds the rows in the file, `X-Export-Truncated: true`
   * (narrow the export with orgId / kind / profile). A bulk read of case data, so each export is recorded in the
   * audit trail with its filters and row count.
   */
  private async export(p: Principal, which: ListKind, format: 'csv' | 'xlsx', q: OverdueExportQuery | DueSoonExportQuery, res: Response) {
    const list = await this.supervision.exportRows(p, which, q);
    const body = format === 'csv' ? toCsv(which, list.items) : await toXlsx(which, list.items, list.asOf);
    await this.audit.record(p, {
      action: `EXPORT /api/v1/supervision/${which}.${format}`,
      outcome: 200,
      details: { query: { ...q }, rows: list.items.length, total: list.total },
    });
    const ascii = `${which}-${list.asOf}.${format}`;
    const utf8 = encodeURIComponent(`${EXPORT_TITLES[which]}-${list.asOf}.${format}`);
    res.status(200);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Total-Count', String(list.total));
    res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Total-Count, X-Export-Truncated');
    if (list.total > list.items.length) res.setHeader('X-Export-Truncated', 'true');
    res.end(body);
  }
}
