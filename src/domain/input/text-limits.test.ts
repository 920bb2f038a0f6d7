import { describe, expect, it } from 'vitest'
import { overlongFields, TEXT_LIMITS } from './text-limits.js'

describe('overlongFields', () => {
  it('lets a field of exactly its limit through and refuses one character more', () => {
    const at = 'a'.repeat(TEXT_LIMITS.name)
    expect(overlongFields([{ path: 'givenName', label: 'First name', value: at, kind: 'name' }])).toEqual([])
    expect(
      overlongFields([{ path: 'givenName', label: 'First name', value: `${at}a`, kind: 'name' }]),
    ).toEqual([{ path: 'givenName', message: 'First name must be 100 characters or fewer' }])
  })

  it('passes a field that is empty or not given', () => {
    expect(
      overlongFields([
        { path: 'note', label: 'Note', value: null, kind: 'note' },
        { path: 'reason', label: 'Reason', value: undefined, kind: 'reason' },
        { path: 'name', label: 'Name', value: '', kind: 'name' },
      ]),
    ).toEqual([])
  })

  it('names every field that is too long, in the order given', () => {
    const long = 'x'.repeat(10_000)
    expect(
      overlongFields([
        { path: 'name', label: 'Name', value: long, kind: 'name' },
        { path: 'organisation', label: 'Organisation', value: 'Fine', kind: 'organisation' },
        { path: 'note', label: 'Note', value: long, kind: 'note' },
      ]).map((p) => p.path),
    ).toEqual(['name', 'note'])
  })
})
