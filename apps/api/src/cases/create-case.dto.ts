import { CASE_SOURCES, PHASES } from '@libs/domain/src/case/actions';
import { POLICY_PROFILES } from '@libs/domain/src/policy';
import { EMAIL } from '../users/create-user.dto';
import {
  BooleanField,
  DateField,
  EnumField,
  IntQueryField,
  NestedField,
  PageField,
  PageSizeField,
  PatternField,
  StringListField,
  TextField,
  UuidField,
} from '../common/fields';

export class SubjectDto {
  @TextField(1, 100, { required: true, example: '张三' }) name!: string;
  @TextField(0, 200, { example: '郑州市第一人民医院' }) organisation?: string;
}

export class ReporterDto {
  @TextField(1, 100, { required: true, example: '李四' }) name!: string;
  @TextField(0, 200, { example: 'lisi@example.org', description: 'e-mail address or phone number' }) contact?: string;
  @BooleanField({ required: true, description: 'real-name report (实名举报): the acceptance decision is notified to the reporter' })
  realName!: boolean;
}

export class PaperDto {
  @TextField(1, 500, { required: true }) title!: string;
  @TextField(0, 300) journal?: string;
  @PatternField(/^10\.[0-9]{4,9}\/[!-~]{1,200}$/, 'doi must look like 10.NNNN/… (printable ASCII, no spaces)', {
    example: '10.1000/xyz123',
  })
  doi?: string;
}

/**
 * An authority the case reports to (issue 17 point 3): an organisation of the tree (`orgId`), or one outside it known by
 * name and, to be mailed, an address. Exactly one of `orgId` and `name`.
 */
export class ReportingPartyDto {
  @UuidField({ description: 'an organisation of the tree; its case officers and integrity administrators are mailed' }, 'orgId')
  orgId?: string;
  @TextField(1, 200, { example: '河南省科学技术厅', description: 'an authority outside the tree, by name' }) name?: string;
  @PatternField(EMAIL, 'email must be an email address (local part, @, a domain with a top-level part of letters)', {
    example: 'jiandu@example.gov.cn',
    description: "that authority's address for the reports",
    length: { min: 6, max: 200 },
  })
  email?: string;
}

/**
 * Allegations as the edge takes them: any text without NUL. Whether each is a misconduct type of the handling
 * organisation's profile (GET /policy-profiles/{code}/catalogue) is the service's check, which cites the article.
 */
const ANY_CODE = /^[^\u0000]+$/;

export class CreateCaseDto {
  @EnumField(CASE_SOURCES, { required: true }, 'source') source!: string;
  @UuidField({ required: true, description: 'an organisation of your subtree' }, 'handlingOrgId') handlingOrgId!: string;
  @DateField({
    required: true,
    example: '2026-11-02',
    description: 'date received (Asia/Shanghai); not in the future; may be in the past for cases brought over',
  })
  receivedAt!: string;
  @TextField(1, 500, { required: true }) title!: string;
  // The codes themselves are checked against the handling organisation's catalogue by the service (allegationIssues):
  // every unknown code, however long, is named with the article of that profile (003 art.2, 001 art.2).
  @StringListField(
    { pattern: ANY_CODE, message: 'allegations must be texts (misconduct type codes of the profile)' },
    { max: 20, unique: true },
    {
      required: true,
      description:
        "misconduct type codes of the handling organisation's policy profile (national-2022: 1–8, 003 art.2; henan-2021: 1–9, 001 art.2); an unknown code is a 400 naming it with the profile's article; may be empty",
    },
  )
  allegations!: string[];
  @NestedField(() => SubjectDto, { required: true, list: { min: 1, max: 100 } }) subjects!: SubjectDto[];
  @NestedField(() => ReporterDto) reporter?: ReporterDto;
  @NestedField(() => PaperDto) paper?: PaperDto;
  @NestedField(() => ReportingPartyDto, {
    description:
      'required for source "transfer": the authority that transferred the case (上级机关和有关部门移送). Extensions are reported to it ' +
      '(003 art.25) and the decision letter and investigation report are sent to it (003 art.28)',
  })
  transferredBy?: ReportingPartyDto;
  @NestedField(() => ReportingPartyDto, {
    description: 'the lead investigating unit (牵头调查单位), if another unit leads: it receives the decision letter (003 art.28)',
  })
  leadUnit?: ReportingPartyDto;
}

export class ListCasesQuery {
  @EnumField(PHASES, {}, 'phase') phase?: string;
  @UuidField({ description: 'organisation whose subtree to list (404 outside yours)' }, 'orgId') orgId?: string;
  @EnumField(['true', 'false'], {}, 'overdue') overdue?: string;
  @DateField({ description: 'cases with an open deadline due before this day' }) dueBefore?: string;
  @EnumField(CASE_SOURCES, {}, 'source') source?: string;
  @EnumField(Object.keys(POLICY_PROFILES), {}, 'profile') profile?: string;
  @TextField(1, 200, {
    description: 'search in the case number, title, subject names and the paper DOI, case-insensitive; % and _ match themselves',
    example: '论文',
  })
  q?: string;
  @PageField() page?: string;
  @PageSizeField(100, 20) pageSize?: string;
}
