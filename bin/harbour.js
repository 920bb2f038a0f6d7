#!/usr/bin/env node
// From a checkout, runs the TypeScript source through tsx; an installed build runs dist/.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const source = path.join(root, 'src', 'cli', 'harbour.ts')
const built = path.join(root, 'dist', 'cli', 'harbour.js')
let useSource = existsSync(source)
if (useSource) {
  try {
    const { register } = await import('tsx/esm/api')
    register()
  } catch {
    useSource = false
  }
}
await import(pathToFileURL(useSource ? source : built).href)
