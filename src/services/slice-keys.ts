/**
 * Numbers the distinct pieces of text seen at places in longer strings: `idOf(text, start, end)`. Written for
 * the attendance import (issue 5), where a million lines name a few thousand UPNs and dates. A piece equal to the
 * one before (the same date on line after line, or a pupil's AM then PM) is answered without cutting a string.
 */
export class SliceKeys {
  private readonly keys: string[] = []
  private readonly ids = new Map<string, number>()
  private last = ''
  private lastId = -1

  /** The text of an id. */
  keyOf(id: number): string {
    return this.keys[id]!
  }

  /** The id (0 and up, in the order first seen) of `text.slice(start, end)`. */
  idOf(text: string, start: number, end: number): number {
    if (this.last.length === end - start && text.startsWith(this.last, start)) return this.lastId
    const key = text.slice(start, end)
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.keys.push(key) - 1
      this.ids.set(key, id)
    }
    this.last = key
    this.lastId = id
    return id
  }
}
