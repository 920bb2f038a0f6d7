/**
 * A type-level check that a report's output can hold no name, UPN, date of birth or free text
 * (DOMAIN.md PD-11): only numbers, booleans and fixed labels (string literal types) are allowed,
 * never `string` itself. `true` when that holds, else `false`.
 */
export type HoldsNoFreeText<T> = AllTrue<Check<T>>

type AllTrue<B> = [B] extends [true] ? true : false

// Distributes over a union, so `number | { withheld: … }` is checked member by member.
type Check<T> = T extends number | boolean | null | undefined
  ? true
  : T extends string
    ? string extends T
      ? false
      : true
    : T extends ReadonlyArray<infer U>
      ? HoldsNoFreeText<U>
      : T extends (...args: never[]) => unknown
        ? false
        : T extends object
          ? string extends keyof T
            ? false // a string index signature: its keys could be names
            : AllTrue<{ [K in keyof T]-?: HoldsNoFreeText<T[K]> }[keyof T]>
          : false

/** Compiles only when given `true`. */
export type Assert<T extends true> = T
