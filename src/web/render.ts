import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../domain/access/permissions.js'
import { schoolScopeOf, type Actor } from '../domain/access/scope.js'
import { mustSetUpTwoFactor } from './middleware/two-factor.js'

declare module 'fastify' {
  interface Session {
    flashWarnings?: string[]
  }
}

export type NavItem = { href: string; text: string; current: boolean }

function navFor(actor: Actor, url: string): NavItem[] {
  const items: Array<{ href: string; text: string; show: boolean; under?: RegExp }> = [
    { href: '/register', text: 'Register', show: can(actor.role, 'register:read') },
    { href: '/tasks', text: 'Your tasks', show: can(actor.role, 'task:read') },
    { href: '/peps', text: 'PEPs', show: can(actor.role, 'pep:read') },
    { href: '/attendance', text: 'Attendance', show: can(actor.role, 'attendance:report') },
    // Issue 6 item 7: the school's suspensions overview; a pupil's suspensions stay under the pupil.
    { href: '/suspensions', text: 'Suspensions', show: can(actor.role, 'suspension:report') },
    // Only with a school to report on: a Virtual School head may read reports but has no school.
    {
      href: '/governors',
      text: 'Governors’ report',
      show: can(actor.role, 'report:read') && schoolScopeOf(actor)?.length !== 0,
    },
    // Issue 7: the pages are the school's (/schools/:urn/governance/…); /governance leads to them.
    {
      href: '/governance',
      text: 'Roles and training',
      show: can(actor.role, 'governance:read') && schoolScopeOf(actor)?.length !== 0,
      under: /^\/schools\/\d+\/governance\//,
    },
    // Issue 7 item 3: the school's policy (/schools/:urn/policy…); /policy leads to it.
    {
      href: '/policy',
      text: 'School policy',
      show: can(actor.role, 'policy:read') && schoolScopeOf(actor)?.length !== 0,
      under: /^\/schools\/\d+\/policy(\/|\?|$)/,
    },
    { href: '/admin', text: 'Administration', show: can(actor.role, 'user:manage') },
  ]
  return items
    .filter((i) => i.show)
    .map((i) => ({
      href: i.href,
      text: i.text,
      current:
        url === i.href ||
        url.startsWith(`${i.href}/`) ||
        url.startsWith(`${i.href}?`) ||
        !!i.under?.test(url),
    }))
}

/** Renders a page with what every page needs: the user, navigation, CSRF token, CSP nonce, demo banner. */
export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  locals: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const actor = request.actor
  const flash = request.session.get('flash')
  if (flash) request.session.set('flash', undefined)
  const flashWarnings = request.session.get('flashWarnings')
  if (flashWarnings) request.session.set('flashWarnings', undefined)
  // Until a required two-factor set-up is done, nothing but signing out is offered (issue 3 item 1).
  // Should that check fail (the database is down, and this is the error page), offer nothing.
  const settingUpTwoFactor = await mustSetUpTwoFactor(request).catch(() => true)
  const body = {
    ...locals,
    user: actor ? { name: actor.name, role: actor.role } : null,
    nav: actor && !settingUpTwoFactor ? navFor(actor, request.url) : [],
    settingUpTwoFactor,
    csrfToken: reply.generateCsrf(),
    cspNonce: reply.cspNonce.script,
    demo: request.server.harbour.demo,
    flash,
    flashWarnings: flashWarnings ?? [],
  }
  return reply.code(status).view(template, body)
}

/** A success message for the next page; `warnings` are shown beside it (for example PD-14's unknown LA code). */
export function setFlash(request: FastifyRequest, message: string, warnings: string[] = []): void {
  request.session.set('flash', message)
  if (warnings.length) request.session.set('flashWarnings', warnings)
}
