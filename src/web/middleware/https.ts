import type { FastifyReply, FastifyRequest } from 'fastify'

// Issue 3 item 2: browsers that reached Harbour over HTTPS keep to HTTPS for a year. Only on HTTPS
// responses (RFC 6797 §7.2: a browser ignores it over HTTP, and a plain-HTTP laptop install must work).
// Behind a TLS-terminating proxy, `request.protocol` is https when TRUST_PROXY believes X-Forwarded-Proto.
export const HSTS = 'max-age=31536000; includeSubDomains'

export async function strictTransportSecurity(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS)
}
