/**
 * The document templates, as DATA: one per document kind and policy profile (issue 23). Wording follows each profile's
 * regulation and names its steps as that regulation does (henan's review letter is a 复查决定书, 001 art.46; its appeal
 * is a second review, 再次组织复查, 001 art.45). Periods and article numbers of deadlines come from the case's own
 * policy profile (`{deadline.<kind>.period}`, `{deadline.<kind>.article}`); the catalogue's articles from the decision
 * catalogue (`{decision.articles.*}`); articles neither holds are written here.
 *
 *   003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021)
 *
 * [decision] Choices where the regulations are silent:
 *  - 发文字号 prefixes (诚信受/诚信不受/诚信处/诚信复查/诚信复核) and one sequence per issuing organisation, prefix and year.
 *  - The decision letter prints ID numbers in full: the letter must state the responsible person's basic facts
 *    "including the ID document number" (001 art.29(一); 003 art.28(一), elided in the seed). Every other document
 *    prints none.
 *  - Review and appeal letters are addressed to the persons named in the decision (the product does not record who
 *    applied); their text calls the applicant 申诉人/当事人.
 *  - The appeal letter is issued in the name of the handling organisation's superior, which hears the appeal
 *    (003 art.42; 001 art.45); an organisation without a superior hears it itself (003 art.42, second sentence).
 *  - The decision letter is copied (抄送) to the persons' units and the superior (001 art.30; 003 art.28, 36).
 *
 * Pure module.
 */
import { DomainError } from '../shared/domain-error';
import type { DocumentTemplate, ProfileTemplates } from './fill';
import type { DocumentKind } from './kinds';

const REPORT_RECEIVED = '你于{case.receivedDate}向本单位实名举报{case.subjects}涉嫌科研失信行为，举报材料收悉。';
const PAPER = { p: '举报涉及论文：{paper.title}。', when: 'paper.title' } as const;
const CASE_NUMBER_LINE = '案件编号：{case.number}。';

const NATIONAL: ProfileTemplates = {
  profile: 'national-2022',
  regulation: '《科研失信行为调查处理规则》',
  templates: {
    acceptance_notice: {
      kind: 'acceptance_notice',
      title: '科研失信行为举报受理通知书',
      numberPrefix: '诚信受',
      issuer: 'handling',
      addressee: '{reporter.name}',
      idNumbers: 'masked',
      body: [
        { p: REPORT_RECEIVED },
        PAPER,
        {
          // 003 art.14: 接到举报的单位应在15个工作日内提出是否受理的意见并通知实名举报人
          p: '经初步审查，你的举报符合受理条件且属于本单位职责范围。根据{regulation}{deadline.acceptance.article}规定，本单位决定予以受理，受理日期为{acceptance.date}。',
        },
        { p: CASE_NUMBER_LINE },
        // 003 art.25: 自决定受理之日起6个月内完成; art.28: 作出处理决定的单位 … 告知实名举报人
        {
          p: '本单位将依照{regulation}{deadline.investigation.article}规定，自决定受理之日起{deadline.investigation.period}内完成调查处理，处理决定将告知你。',
        },
        // 003 art.46: 保护举报人 … 不得泄露相关信息
        { p: '本单位将依法保护举报人的合法权益，对举报人信息予以保密（{regulation}第四十六条）。' },
        { p: '特此通知。' },
      ],
    },
    refusal_notice: {
      kind: 'refusal_notice',
      title: '科研失信行为举报不予受理通知书',
      numberPrefix: '诚信不受',
      issuer: 'handling',
      addressee: '{reporter.name}',
      idNumbers: 'masked',
      body: [
        { p: REPORT_RECEIVED },
        PAPER,
        // 003 art.13 (its list is elided in the seed; the same four items as 001 art.13) and art.14 (不予受理的应说明情况)
        {
          p: '经初步审查，你的举报属于{regulation}第十三条第{rejection.item}项“{rejection.reason}”情形。根据{regulation}第十三条、{deadline.acceptance.article}规定，本单位于{rejection.date}决定不予受理。',
        },
        { p: '具体情况说明：{rejection.note}', when: 'rejection.note' },
        { p: CASE_NUMBER_LINE },
        { p: '特此通知。' },
      ],
    },
    decision_letter: {
      kind: 'decision_letter',
      title: '科研失信行为调查处理决定书',
      numberPrefix: '诚信处',
      issuer: 'handling',
      addressee: '{decision.authorNames}',
      idNumbers: 'full',
      cc: '{decision.cc}',
      body: [
        // 003 art.27: 处理决定作出前 … 告知 … 陈述与申辩的权利
        {
          p: '本单位于{acceptance.date}受理关于{decision.authorNames}涉嫌科研失信行为的{case.source}（案件编号：{case.number}），依照{regulation}组织开展了调查，并在作出处理决定前依法告知了拟作出处理决定的事实、依据及陈述与申辩的权利。现将调查处理情况决定如下：',
        },
        // 003 art.28(一): 责任人的基本情况(包括身份证件号码 …)
        { h: '被处理人基本情况' },
        { each: 'decision.authors', p: '{item.order}. {item.name}，工作单位：{item.organisation}，身份证件号码：{item.idNumber}。' },
        // 003 art.28(二): 违规事实情况
        { h: '调查认定的事实' },
        {
          each: 'decision.authors',
          when: 'item.penalised',
          p: '{item.name}存在{item.types}的行为（{regulation}{decision.articles.types}），经认定属于{item.severity}情形（{decision.articles.severity}）。',
        },
        { each: 'decision.authors', when: ['decision.misconduct', '!item.penalised'], p: '{item.name}：不予处理。' },
        {
          each: 'decision.authors',
          when: 'item.mitigating',
          p: '{item.name}具有从轻处理情形：{item.mitigating}（{decision.articles.mitigating}）。',
        },
        {
          each: 'decision.authors',
          when: 'item.aggravating',
          p: '{item.name}具有从重处理情形：{item.aggravating}（{decision.articles.aggravating}）。',
        },
        // 003 art.39: 对经调查未发现存在科研失信行为的，调查单位应及时以适当方式澄清
        {
          p: '经调查，未发现{decision.authorNames}存在科研失信行为。根据{regulation}第三十九条规定，本单位将以适当方式予以澄清。',
          when: 'decision.noMisconduct',
        },
        { p: '经调查，{decision.otherText}', when: 'decision.other' },
        { p: '{decision.summary}', when: 'decision.summary' },
        // 003 art.28(三): 处理决定和依据; art.29 measures, art.32 severity
        { h: '处理决定', when: 'decision.anyPenalised' },
        {
          p: '根据{regulation}{decision.articles.measures}、{decision.articles.severity}规定，本单位决定：',
          when: 'decision.anyPenalised',
        },
        { each: 'decision.penalisedAuthors', p: '对{item.name}给予以下处理：{item.measures}。' },
        { p: '本决定自{decision.effectiveDate}起生效。', when: 'decision.effectiveDate' },
        // 003 art.28(四) 救济途径和期限; art.41
        { h: '救济途径和期限' },
        {
          p: '如对本处理决定不服，可在收到本决定书之日起{deadline.review_application.period}内，向{org.name}书面提出申诉（复查），写明理由并提供相关证据或线索（{regulation}{deadline.review_application.article}）。',
        },
      ],
    },
    review_opinion: {
      kind: 'review_opinion',
      title: '复查意见书',
      numberPrefix: '诚信复查',
      issuer: 'handling',
      addressee: '{decision.authorNames}',
      idNumbers: 'masked',
      body: [
        // 003 art.41 (申诉 to the deciding unit), art.43 (复查意见书, 90 working days from acceptance)
        {
          p: '申诉人对本单位作出的处理决定{decision.letterRef}不服，于{reviewResult.appliedDate}提出申诉（复查）。本单位于{reviewResult.acceptedDate}决定受理，并依照{regulation}{deadline.review.article}规定进行了复查。',
        },
        { p: CASE_NUMBER_LINE },
        { p: '经复查，{reviewResult.result}。' },
        { p: '复查意见：{reviewResult.summary}', when: 'reviewResult.summary' },
        // 003 art.42: 对复查结果不服的，可向调查处理单位的上级主管部门书面提出申诉; the period is a product decision (RULES.md §3)
        {
          p: '如对本复查意见不服，可在收到本意见书之日起{deadline.appeal_application.period}内，向{superior.name}书面提出申诉（复核），申诉必须明确理由并提供充分证据（{regulation}{deadline.appeal_application.article}）。',
        },
      ],
    },
    appeal_opinion: {
      kind: 'appeal_opinion',
      title: '复核意见书',
      numberPrefix: '诚信复核',
      issuer: 'superior',
      addressee: '{decision.authorNames}',
      idNumbers: 'masked',
      body: [
        // 003 art.42: 上级主管部门应在收到申诉之日起15个工作日内作出是否受理决定 … 决定受理的，应组织复核
        {
          p: '申诉人对{org.name}作出的处理决定{decision.letterRef}的复查结果不服，于{appealResult.appliedDate}书面提出申诉。本单位于{appealResult.acceptedDate}决定受理（{regulation}{deadline.appeal_acceptance.article}），并依照{regulation}{deadline.appeal.article}规定组织了复核。',
        },
        { p: CASE_NUMBER_LINE },
        { p: '经复核，{appealResult.result}。' },
        { p: '复核意见：{appealResult.summary}', when: 'appealResult.summary' },
        // 003 art.42: 复核结果为最终结果
        { p: '本复核结果为最终结果（{regulation}{deadline.appeal_acceptance.article}）。' },
      ],
    },
  },
};

const HENAN: ProfileTemplates = {
  profile: 'henan-2021',
  regulation: '《河南省科研诚信案件调查处理办法（试行）》',
  templates: {
    acceptance_notice: {
      kind: 'acceptance_notice',
      title: '科研诚信案件举报受理通知书',
      numberPrefix: '诚信受',
      issuer: 'handling',
      addressee: '{reporter.name}',
      idNumbers: 'masked',
      body: [
        { p: REPORT_RECEIVED },
        PAPER,
        // 001 art.14: 初核 … 符合受理条件的，应予以受理; 举报受理情况应在完成初核后5个工作日内通知实名举报人
        {
          p: '经初核，你的举报符合受理条件且属于本单位职责范围。根据{regulation}{deadline.acceptance.article}规定，本单位决定予以受理，受理日期为{acceptance.date}。',
          when: '!acceptance.afterObjection',
        },
        {
          p: '你对本单位不予受理决定提出的异议成立。根据{regulation}{deadline.reporter_notice.article}规定，本单位决定予以受理，受理日期为{acceptance.date}。',
          when: 'acceptance.afterObjection',
        },
        { p: CASE_NUMBER_LINE },
        // 001 art.25: 科研诚信案件应自决定受理之日起6个月内完成调查
        {
          p: '本单位将依照{regulation}{deadline.investigation.article}规定，自决定受理之日起{deadline.investigation.period}内完成调查，处理决定将告知你。',
        },
        // 001 art.50: 调查处理应保护举报人 … 不得泄露相关信息
        { p: '本单位将依法保护举报人的合法权益，对举报人信息予以保密（{regulation}第五十条）。' },
        { p: '特此通知。' },
      ],
    },
    refusal_notice: {
      kind: 'refusal_notice',
      title: '科研诚信案件举报不予受理通知书',
      numberPrefix: '诚信不受',
      issuer: 'handling',
      addressee: '{reporter.name}',
      idNumbers: 'masked',
      body: [
        { p: REPORT_RECEIVED },
        PAPER,
        // 001 art.13: 下列举报，不予受理; art.14: 不予受理的应说明情况
        {
          p: '经初核，你的举报属于{regulation}第十三条第{rejection.item}项“{rejection.reason}”情形。根据{regulation}第十三条、{deadline.acceptance.article}规定，本单位于{rejection.date}决定不予受理。',
        },
        { p: '具体情况说明：{rejection.note}', when: 'rejection.note' },
        { p: CASE_NUMBER_LINE },
        // 001 art.14: 举报人可以对不予受理提出异议并说明理由，符合受理条件的，应当受理
        {
          p: '如对本决定有异议，你可以向本单位提出异议并说明理由；异议成立、符合受理条件的，本单位将予以受理（{regulation}{deadline.reporter_notice.article}）。',
        },
        { p: '特此通知。' },
      ],
    },
    decision_letter: {
      kind: 'decision_letter',
      title: '科研诚信案件处理决定书',
      numberPrefix: '诚信处',
      issuer: 'handling',
      addressee: '{decision.authorNames}',
      idNumbers: 'full',
      // 001 art.30: 抄送被处理人员所在单位或被处理单位的上级主管部门
      cc: '{decision.cc}',
      body: [
        // 001 art.31: 作出处理决定前 … 告知 … 陈述与申辩的权利
        {
          p: '本单位于{acceptance.date}受理关于{decision.authorNames}涉嫌科研失信行为的{case.source}（案件编号：{case.number}），依照{regulation}组织开展了调查，并在作出处理决定前依法告知了拟作出处理决定的事实、理由、依据及陈述与申辩的权利。现将调查处理情况决定如下：',
        },
        // 001 art.29(一): 责任人的基本情况(包括身份证件号码 …)
        { h: '被处理人基本情况' },
        { each: 'decision.authors', p: '{item.order}. {item.name}，工作单位：{item.organisation}，身份证件号码：{item.idNumber}。' },
        // 001 art.29(二): 违规事实情况
        { h: '违规事实情况' },
        {
          each: 'decision.authors',
          when: 'item.penalised',
          p: '{item.name}存在{item.types}的行为（{regulation}{decision.articles.types}），经认定属于{item.severity}情形（{decision.articles.severity}）。',
        },
        { each: 'decision.authors', when: ['decision.misconduct', '!item.penalised'], p: '{item.name}：不予处理。' },
        {
          each: 'decision.authors',
          when: 'item.mitigating',
          p: '{item.name}具有从轻或减轻处理情形：{item.mitigating}（{decision.articles.mitigating}）。',
        },
        {
          each: 'decision.authors',
          when: 'item.aggravating',
          p: '{item.name}具有从重或加重处理情形：{item.aggravating}（{decision.articles.aggravating}）。',
        },
        // 001 art.43: 对经调查未发现存在科研失信行为的，调查单位应及时以公开等适当方式澄清
        {
          p: '经调查，未发现{decision.authorNames}存在科研失信行为。根据{regulation}第四十三条规定，本单位将以公开等适当方式予以澄清。',
          when: 'decision.noMisconduct',
        },
        { p: '经调查，{decision.otherText}', when: 'decision.other' },
        { p: '{decision.summary}', when: 'decision.summary' },
        // 001 art.29(三): 处理决定和依据; art.32 measures, art.37 levels
        { h: '处理决定和依据', when: 'decision.anyPenalised' },
        {
          p: '根据{regulation}{decision.articles.measures}、{decision.articles.severity}规定，本单位决定：',
          when: 'decision.anyPenalised',
        },
        { each: 'decision.penalisedAuthors', p: '对{item.name}给予以下处理：{item.measures}。' },
        { p: '本决定自{decision.effectiveDate}起生效。', when: 'decision.effectiveDate' },
        // 001 art.47: 处理期限自处理决定下达之日起计算
        { p: '处理期限自本决定下达之日起计算（{regulation}第四十七条）。', when: 'decision.anyPenalised' },
        // 001 art.29(四) 救济途径和期限; art.44, art.46 (复查期间，不停止原处理决定的执行)
        { h: '救济途径和期限' },
        {
          p: '当事人对本处理决定不服的，可在收到本决定书之日起{deadline.review_application.period}内，向{org.name}书面提出复查申请，写明理由并提供相关证据或线索（{regulation}{deadline.review_application.article}）。复查期间，不停止本处理决定的执行（{deadline.review.article}）。',
        },
      ],
    },
    review_opinion: {
      kind: 'review_opinion',
      // 001 art.46: 复查应制作复查决定书，复查决定书应针对当事人提出的理由一一给予明确回复
      title: '复查决定书',
      numberPrefix: '诚信复查',
      issuer: 'handling',
      addressee: '{decision.authorNames}',
      idNumbers: 'masked',
      body: [
        {
          p: '当事人对本单位作出的处理决定{decision.letterRef}不服，于{reviewResult.appliedDate}提出复查申请。本单位于{reviewResult.acceptedDate}决定受理（{regulation}{deadline.review_acceptance.article}），并依照{regulation}{deadline.review.article}规定进行了复查。',
        },
        { p: CASE_NUMBER_LINE },
        { p: '经复查，{reviewResult.result}。' },
        { p: '复查意见：{reviewResult.summary}', when: 'reviewResult.summary' },
        // 001 art.45: 当事人对复查结果不服的，可向调查处理单位的上级主管部门 … 提出书面申诉; period: RULES.md §3 [decision]
        {
          p: '当事人对复查结果不服的，可在收到本决定书之日起{deadline.appeal_application.period}内，向{superior.name}提出书面申诉，申诉必须明确理由并提供充分证据（{regulation}{deadline.appeal_application.article}）。',
        },
      ],
    },
    appeal_opinion: {
      kind: 'appeal_opinion',
      // 001 art.45: 决定受理的，应再次组织复查，复查结果为最终结果
      title: '申诉复查决定书',
      numberPrefix: '诚信复核',
      issuer: 'superior',
      addressee: '{decision.authorNames}',
      idNumbers: 'masked',
      body: [
        {
          p: '当事人对{org.name}作出的处理决定{decision.letterRef}的复查结果不服，于{appealResult.appliedDate}提出书面申诉。本单位于{appealResult.acceptedDate}决定受理（{regulation}{deadline.appeal_acceptance.article}），并依照{regulation}{deadline.appeal.article}规定再次组织了复查。',
        },
        { p: CASE_NUMBER_LINE },
        { p: '经复查，{appealResult.result}。' },
        { p: '复查意见：{appealResult.summary}', when: 'appealResult.summary' },
        { p: '本复查结果为最终结果（{regulation}{deadline.appeal_acceptance.article}）。' },
      ],
    },
  },
};

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

export const DOCUMENT_TEMPLATES: Readonly<Record<string, ProfileTemplates>> = deepFreeze({
  [NATIONAL.profile]: NATIONAL,
  [HENAN.profile]: HENAN,
});

/** The template set of a profile; a profile without one cannot have documents written (code POLICY_PROFILE_UNKNOWN). */
export function getProfileTemplates(profile: string): ProfileTemplates {
  if (!Object.prototype.hasOwnProperty.call(DOCUMENT_TEMPLATES, profile)) {
    throw new DomainError(
      'POLICY_PROFILE_UNKNOWN',
      `no document templates for policy profile ${JSON.stringify(profile)}; known: ${Object.keys(DOCUMENT_TEMPLATES).join(', ')}`,
    );
  }
  return DOCUMENT_TEMPLATES[profile]!;
}

export function getTemplate(profile: string, kind: DocumentKind): DocumentTemplate {
  return getProfileTemplates(profile).templates[kind];
}
