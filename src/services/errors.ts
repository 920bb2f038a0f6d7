export type FieldError = { path: string; message: string; line?: number }

/** The record does not exist or is outside the caller's scope: its existence is not revealed. */
export class NotFoundError extends Error {
  constructor(what = 'record') {
    super(`No such ${what}`)
    this.name = 'NotFoundError'
  }
}

/**
 * A pupil that exists but is outside the caller's scope. The caller sees exactly a NotFoundError (the
 * 404 page, the same problem+json); the web and API error handlers also audit it as a refusal, in a
 * transaction of its own, because the work's transaction has rolled back by then.
 */
export class OutOfScopeError extends NotFoundError {
  constructor(
    readonly action: string,
    readonly pupilId: string,
    readonly schoolId: string,
  ) {
    super('pupil')
  }
}

/** The caller may see the record but not do this to it. */
export class ForbiddenError extends Error {
  constructor(readonly action: string) {
    super(`You do not have permission to do this (${action})`)
    this.name = 'ForbiddenError'
  }
}

/** The input breaks a rule; nothing was changed. */
export class RuleBrokenError extends Error {
  constructor(
    readonly errors: FieldError[],
    message = 'The information given breaks a rule',
  ) {
    super(message)
    this.name = 'RuleBrokenError'
  }
}

/** Someone else changed the record since the caller read it. */
export class ConflictError extends Error {
  constructor(message = 'This record was changed by someone else since you opened it') {
    super(message)
    this.name = 'ConflictError'
  }
}

export class UnauthenticatedError extends Error {
  constructor(message = 'Sign in to continue') {
    super(message)
    this.name = 'UnauthenticatedError'
  }
}

/**
 * Too many wrong passwords: sign-in is refused, even with the right password, for `minutesLeft`.
 * Thrown for an email address with no account in just the same way, so it reveals nothing.
 */
export class AccountLockedError extends Error {
  constructor(readonly minutesLeft: number) {
    super(`Too many attempts to sign in: try again in ${minutesLeft} minutes`)
    this.name = 'AccountLockedError'
  }
}
