import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** poppler-utils' pdftotext, when installed (scripts/test.sh installs it). */
export const pdftotextPath = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p))

/** The text of a PDF, as pdftotext reads it: what a reader could copy out of the file. */
export function pdfText(pdf: Buffer): string {
  if (!pdftotextPath) throw new Error('pdftotext is not installed (apt-get install poppler-utils)')
  const dir = mkdtempSync(path.join(tmpdir(), 'harbour-pdf-'))
  try {
    writeFileSync(path.join(dir, 'file.pdf'), pdf)
    execFileSync(pdftotextPath, ['-enc', 'UTF-8', path.join(dir, 'file.pdf'), path.join(dir, 'file.txt')])
    return readFileSync(path.join(dir, 'file.txt'), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
