import type { LightMyRequestResponse } from 'fastify'

/** A GOV.UK date input's three fields. */
export function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  }
}

/** The error summary's messages and links. */
export function errorSummary(res: LightMyRequestResponse) {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? ''
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    href: m[1]!,
    text: m[2]!.trim(),
  }))
}

/** The record's version, from the hidden field of the form on `page`. */
export function versionOn(page: LightMyRequestResponse): string {
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1]
  if (!version) throw new Error(`No version on the page (status ${page.statusCode})`)
  return version
}
