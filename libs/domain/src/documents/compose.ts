/**
 * A document of a kind for a case, as content (FilledDocument): the profile's template filled with the case's fields.
 * Pure; the API allocates the number (发文字号) and lays the content out as a PDF.
 */
import { buildTemplateData, type DocumentFacts } from './data';
import { documentNumber, fillTemplate, type DocumentTemplate, type FilledDocument } from './fill';
import { dateZh } from './format';
import type { DocumentKind } from './kinds';
import { getProfileTemplates } from './templates';

/** Which organisation issues the document: the handling one, or its superior where the template says so and it has one. */
export function documentIssuer(template: DocumentTemplate, hasSuperior: boolean): 'handling' | 'superior' {
  return template.issuer === 'superior' && hasSuperior ? 'superior' : 'handling';
}

export function composeDocument(kind: DocumentKind, facts: DocumentFacts, issued: { prefixSeq: number; date: string }): FilledDocument {
  const set = getProfileTemplates(facts.profile);
  const template = set.templates[kind];
  const issuer = documentIssuer(template, facts.superiorOrg !== null) === 'superior' ? facts.superiorOrg! : facts.handlingOrg;
  const number = documentNumber(template.numberPrefix, Number(issued.date.slice(0, 4)), issued.prefixSeq);
  const data = buildTemplateData(kind, facts, { number, date: issued.date }, { regulation: set.regulation, idNumbers: template.idNumbers });
  return fillTemplate(template, data, { issuer: issuer.name, number, isoDate: issued.date, date: dateZh(issued.date) });
}
