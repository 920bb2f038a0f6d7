/** True for a UUID in its canonical text form. Any other id from a URL names no record (and PostgreSQL would reject it). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
}
