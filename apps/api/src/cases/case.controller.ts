import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../../libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CaseService } from './case.service';
import { CreateCaseDto, ListCasesQuery } from './create-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  @Post()
  @ApiOperation({ summary: 'Register a case and start its workflow (workflow id = case number)' })
  create(@CurrentUser() p: Principal, @Body() dto: CreateCaseDto) {
    return this.cases.create(p, dto);
  }

  @Get()
  list(@CurrentUser() p: Principal, @Query() q: ListCasesQuery) {
    return this.cases.list(p, q);
  }

  @Get(':id')
  get(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.cases.get(p, id);
  }

  @Get(':id/timeline')
  timeline(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.cases.timeline(p, id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an officer action (a Temporal Update validated against the current phase)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'case version; 412 when it has moved on' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried request returns the first result' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  act(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', 'body: must be a JSON object', { field: 'body' });
    }
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(idempotencyKey)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key: 8–128 characters of A–Z a–z 0–9 . _ : -', { field: 'Idempotency-Key' });
    }
    return this.cases.act(p, id, action, body as Record<string, unknown>, { ifMatch, idempotencyKey });
  }
}
