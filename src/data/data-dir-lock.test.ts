import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockDataDir } from './data-dir-lock.js'

describe('the embedded database folder lock', () => {
  const dirs: string[] = []
  const aDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'harbour-lock-'))
    dirs.push(d)
    return d
  }
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('refuses a second process while the first holds the folder, naming its pid', async () => {
    const dir = aDir()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      writeFileSync(path.join(dir, 'harbour.lock'), String(other.pid))
      expect(() => lockDataDir(dir)).toThrow(`Another Harbour process (pid ${other.pid})`)
    } finally {
      other.kill()
    }
  })

  it('takes over a lock left by a process that has ended, and releases it', () => {
    const dir = aDir()
    writeFileSync(path.join(dir, 'harbour.lock'), '999999999')
    const unlock = lockDataDir(dir)
    expect(existsSync(path.join(dir, 'harbour.lock'))).toBe(true)
    unlock()
    expect(existsSync(path.join(dir, 'harbour.lock'))).toBe(false)
  })
})
