// Copies what tsc does not: templates, SQL migrations and the row-level security policies, next to the
// compiled code in dist/.
import { cpSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

function copy(dir, test) {
  for (const name of readdirSync(dir)) {
    const from = path.join(dir, name)
    if (statSync(from).isDirectory()) copy(from, test)
    else if (test(from)) cpSync(from, from.replace(/^src/, 'dist'), { recursive: true })
  }
}
copy('src', (f) => f.endsWith('.njk'))
cpSync('src/data/migrations', 'dist/data/migrations', { recursive: true })
cpSync('src/data/row-level-security.sql', 'dist/data/row-level-security.sql')
