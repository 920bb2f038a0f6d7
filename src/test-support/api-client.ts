import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Role } from '../domain/access/roles.js'
import type { ServiceContext } from '../services/context.js'
import { createApiToken, SYSTEM_ACTOR } from '../services/users.service.js'
import { aUser } from './builders.js'

/** A user with the role (in the school, or for the LA) and an API token for them. */
export async function aTokenFor(
  ctx: ServiceContext,
  role: Role,
  school: { urn: string } | null,
  over: Partial<{ laCode: string }> = {},
) {
  const { user, actor } = await aUser(ctx, role, school, over)
  const token = await createApiToken(ctx, SYSTEM_ACTOR, user.email, 'test')
  return { user, actor, token }
}

type Json = Record<string, unknown>

/** `app.inject` with a bearer token and JSON bodies, for /api/v1. */
export class ApiClient {
  constructor(
    private readonly app: FastifyInstance,
    private readonly token: string | null,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra }
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: this.headers() })
  }

  async send(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: this.headers({ 'content-type': 'application/json' }),
      payload: JSON.stringify(body),
    })
  }

  post = (url: string, body: unknown) => this.send('POST', url, body)
  put = (url: string, body: unknown) => this.send('PUT', url, body)
  patch = (url: string, body: unknown) => this.send('PATCH', url, body)

  /** Any request, with the token. */
  async raw(options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    url: string
    headers?: Record<string, string>
    payload?: string | Buffer
  }): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: options.method,
      url: `/api/v1${options.url}`,
      headers: this.headers(options.headers),
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    })
  }
}

export const json = (res: LightMyRequestResponse): Json => res.json<Json>()
