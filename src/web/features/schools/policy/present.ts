import type { FastifyRequest } from 'fastify'
import type { ReviewStatus } from '../../../../domain/governance/policy-review.js'
import type { PolicyDocument } from '../../../../services/school-policy.service.js'

/** The address of a school's policy pages. */
export const policyUrl = (urn: string) => `/schools/${encodeURIComponent(urn)}/policy`

export type SchoolParams = { urn: string }
export const urnOf = (request: FastifyRequest<{ Params: SchoolParams }>) => request.params.urn

export type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }

/**
 * A section's text as the page shows it (policy-model-text.ts): paragraphs separated by a blank line,
 * and a run of lines starting with "- " as a bulleted list.
 */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = []
  let paragraph: string[] = []
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') })
    paragraph = []
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    const item = /^[-•*]\s+(.*)$/.exec(line)
    if (item) {
      endParagraph()
      const last = blocks[blocks.length - 1]
      if (last?.kind === 'list') last.items.push(item[1]!)
      else blocks.push({ kind: 'list', items: [item[1]!] })
    } else if (line) paragraph.push(line)
    else endParagraph()
  }
  endParagraph()
  return blocks
}

const STATUS_TEXT: Record<PolicyDocument['status'], string> = {
  ratified: 'In force',
  draft: 'Draft: not yet ratified',
  superseded: 'Replaced by a later version',
  model: 'Harbour’s model: not yet adopted by the school',
}

const REVIEW_TEXT: Record<ReviewStatus, string | null> = {
  not_ratified: null,
  in_date: null,
  due_soon: 'The review of this policy is due soon.',
  overdue: 'The review date has passed. The governing board should review and ratify the policy again.',
}

export const POLICY_TITLE =
  'Policy for looked-after and previously looked-after children, children with a social worker and children in kinship care'

/** What the policy as a document (document.njk) needs, on its page and in its PDF alike. */
export function documentLocals(
  school: { urn: string; name: string },
  doc: PolicyDocument,
  review: ReviewStatus = 'not_ratified',
) {
  return {
    school,
    policyTitle: POLICY_TITLE,
    url: policyUrl(school.urn),
    doc: {
      policyId: doc.policyId,
      policyVersion: doc.policyVersion,
      status: doc.status,
      statusText: STATUS_TEXT[doc.status],
      ratifiedOn: doc.ratifiedOn,
      ratifiedBy: doc.ratifiedBy,
      nextReviewOn: doc.nextReviewOn,
      gaps: doc.gaps,
    },
    reviewWarning: REVIEW_TEXT[review],
    sections: doc.sections.map((s, i) => ({
      key: s.key,
      number: i + 1,
      title: s.title,
      edited: s.edited,
      blocks: textBlocks(s.text),
    })),
  }
}
