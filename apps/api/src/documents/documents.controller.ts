import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { errorResponse, ref } from '../common/openapi';
import { IDEMPOTENCY_KEY_PATTERN } from '../common/workflow-action';
import { CurrentUser, type Principal } from '../auth/principal';
import { DocumentsService } from './documents.service';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Generate a document of the case as PDF (受理/不予受理通知书, 处理决定书, 复查/复核意见书)',
    description:
      "Written in Chinese from the case's data and its decision form with the template of the case's policy profile, laid out as " +
      "GB/T 9704-2012 prescribes, kept among the case's files (kind = the document kind) with its SHA-256, and recorded on the " +
      "timeline (event document_generated). Roles: the handling organisation's integrity_admin or case_officer; a decision letter " +
      '(it prints full ID numbers, 001 art.29) integrity_admin only. Checked in this order: the case (404) → your role (403) → the ' +
      'body (400) → the step the document records (409: e.g. a decision letter before the decision, a notice without a real-name ' +
      'reporter) → its date (400). A failed generation leaves no file and no event.',
  })
  @ApiBody({ schema: ref('GenerateDocumentBody') })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'a retry with the same key and the same body answers the document written the first time (no second number); the same key with another request answers 422',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN },
  })
  @ApiResponse({ status: 201, description: 'the document', content: { 'application/json': { schema: ref('CaseDocument') } } })
  @ApiResponse({
    status: 409,
    description: 'the case has not reached the step this document records, or has no real-name reporter to notify',
    content: errorResponse(409).content as never,
  })
  @ApiResponse({
    status: 422,
    description: 'the Idempotency-Key was first used for a different request',
    content: errorResponse(422).content as never,
  })
  @ApiResponse({
    status: 503,
    description: 'the document fonts are not installed (fonts-noto-cjk)',
    content: errorResponse(503).content as never,
  })
  generate(
    @CurrentUser() p: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.documents.generate(p, id, body, idempotencyKey);
  }

  @Get()
  @ApiOperation({
    summary: "The case's generated documents, and the kinds the caller may generate now",
    description: 'Documents to the reporter are listed to handlers of the case only (RULES.md §7).',
  })
  @ApiResponse({ status: 200, description: 'the documents', content: { 'application/json': { schema: ref('CaseDocumentList') } } })
  list(@CurrentUser() p: Principal, @Param('id') id: string) {
    return this.documents.list(p, id);
  }
}
