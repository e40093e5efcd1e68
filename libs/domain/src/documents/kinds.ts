/**
 * The documents the product writes from a case (issue 23, point 2): which exist, whom each is addressed to, and
 * after which step of the procedure each can be written. Pure.
 *
 *   acceptance_notice  受理通知书      to the real-name reporter, after acceptance   (003 art.14; 001 art.14)
 *   refusal_notice     不予受理通知书  to the real-name reporter, after refusal      (003 art.13–14; 001 art.13–14)
 *   decision_letter    处理决定书      to the persons handled, after the decision    (003 art.28, 41; 001 art.29–30, 44)
 *   review_opinion     复查意见书      after the review is completed                 (003 art.43; 001 art.46 复查决定书)
 *   appeal_opinion     复核意见书      after the appeal is completed                 (003 art.42–43; 001 art.45)
 */
export const DOCUMENT_KINDS = ['acceptance_notice', 'refusal_notice', 'decision_letter', 'review_opinion', 'appeal_opinion'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function isDocumentKind(v: unknown): v is DocumentKind {
  return typeof v === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(v);
}

export interface DocumentKindSpec {
  kind: DocumentKind;
  zh: string;
  en: string;
  /**
   * Whom the document is written to. Only a document to the reporter carries the reporter's identity (RULES.md §7,
   * 003 art.46), and such a file is shown to handlers of the case only.
   */
  audience: 'reporter' | 'subjects';
  /** Case events any one of which makes the document possible (the step it records). */
  after: readonly string[];
}

export const DOCUMENT_KIND_SPECS: Readonly<Record<DocumentKind, DocumentKindSpec>> = Object.freeze({
  acceptance_notice: {
    kind: 'acceptance_notice',
    zh: '受理通知书',
    en: 'Acceptance notice',
    audience: 'reporter',
    after: ['accepted', 'objection_upheld'],
  },
  refusal_notice: { kind: 'refusal_notice', zh: '不予受理通知书', en: 'Refusal notice', audience: 'reporter', after: ['rejected'] },
  decision_letter: {
    kind: 'decision_letter',
    zh: '处理决定书',
    en: 'Handling decision letter',
    audience: 'subjects',
    after: ['decided', 'decided_clarification'],
  },
  review_opinion: {
    kind: 'review_opinion',
    zh: '复查意见书',
    en: 'Review opinion letter',
    audience: 'subjects',
    after: ['review_completed'],
  },
  appeal_opinion: {
    kind: 'appeal_opinion',
    zh: '复核意见书',
    en: 'Appeal opinion letter',
    audience: 'subjects',
    after: ['appeal_completed'],
  },
} satisfies Record<DocumentKind, DocumentKindSpec>);

/** Kinds whose files carry the reporter's identity: handlers of the case only (RULES.md §7). */
export const REPORTER_DOCUMENT_KINDS: readonly DocumentKind[] = DOCUMENT_KINDS.filter(
  (k) => DOCUMENT_KIND_SPECS[k].audience === 'reporter',
);
