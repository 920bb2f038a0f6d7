/**
 * Numbers the distinct pieces of bytes seen at places in buffers: `idOf(bytes, start, end)`, without copying a
 * piece already seen. Written for the attendance import (issue 5), where a million lines name a few thousand
 * UPNs and dates: cutting a string from each cell cost the import as much in the garbage collector as its
 * reading. A piece equal to the one before (the same date line after line, a pupil's AM then PM) is
 * answered first.
 */
export class ByteKeys {
  private readonly keys: Buffer[] = []
  private readonly hashes: number[] = []
  /** Open addressing: the id plus one of the piece in each slot, 0 for none. */
  private table = new Int32Array(256)
  private last = -1

  /** The piece of an id, as UTF-8 text. */
  keyOf(id: number): string {
    return this.keys[id]!.toString('utf8')
  }

  /** The id (0 and up, in the order first seen) of `bytes[start..end)`. */
  idOf(bytes: Uint8Array, start: number, end: number): number {
    if (this.last >= 0 && sameBytes(this.keys[this.last]!, bytes, start, end)) return this.last
    // FNV-1a.
    let hash = 0x811c9dc5
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193)
    const mask = this.table.length - 1
    let slot = hash & mask
    for (;;) {
      const entry = this.table[slot]!
      if (entry === 0) break
      const id = entry - 1
      if (this.hashes[id] === hash && sameBytes(this.keys[id]!, bytes, start, end)) return (this.last = id)
      slot = (slot + 1) & mask
    }
    const id = this.keys.push(Buffer.from(bytes.subarray(start, end))) - 1
    this.hashes.push(hash)
    this.table[slot] = id + 1
    if (this.keys.length * 2 > this.table.length) this.rehash()
    return (this.last = id)
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2)
    const mask = this.table.length - 1
    for (let id = 0; id < this.keys.length; id++) {
      let slot = this.hashes[id]! & mask
      while (this.table[slot] !== 0) slot = (slot + 1) & mask
      this.table[slot] = id + 1
    }
  }
}

function sameBytes(key: Buffer, bytes: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[start + i]) return false
  return true
}
