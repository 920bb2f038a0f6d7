import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatDate } from '../domain/calendar/dates.js'
import { ROLE_LABELS, type Role } from '../domain/access/roles.js'

const here = path.dirname(fileURLToPath(import.meta.url))

export function templatePaths(): string[] {
  const root = path.resolve(here, '..', '..')
  return [
    path.join(here, 'views'),
    path.join(here, 'features'),
    path.join(root, 'node_modules', 'govuk-frontend', 'dist'),
    path.join(root, 'node_modules', '@ministryofjustice', 'frontend'),
  ]
}

export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('govukDate', (d: string | null | undefined) => (d ? formatDate(d) : ''))
  env.addFilter('roleLabel', (r: string) => ROLE_LABELS[r as Role] ?? r)
  env.addFilter('yearGroup', (y: number | null | undefined) =>
    y === null || y === undefined
      ? 'Not recorded'
      : y === 0
        ? 'Reception'
        : y === -1
          ? 'Nursery'
          : `Year ${y}`,
  )
  env.addFilter('dateTime', (d: Date | string | null | undefined) =>
    d
      ? new Intl.DateTimeFormat('en-GB', {
          dateStyle: 'long',
          timeStyle: 'short',
          timeZone: 'Europe/London',
        }).format(new Date(d))
      : '',
  )
}
