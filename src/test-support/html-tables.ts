/**
 * Reads a page's tables and charts the way a person would, for page tests: each row of the table with an id
 * as the text of its cells, and each bar of an SVG chart as the category, series and value it stands for.
 */

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

const textOf = (html: string) =>
  decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()

/** The element with this id and its content (the first one; tables and charts do not nest here). */
export function elementById(html: string, tag: string, id: string): string {
  const start = html.search(new RegExp(`<${tag}\\b[^>]*\\bid="${id}"`))
  if (start < 0) throw new Error(`No <${tag} id="${id}"> on the page`)
  const end = html.indexOf(`</${tag}>`, start)
  return html.slice(start, end + tag.length + 3)
}

/** The body rows of the table with this id, each as the text of its cells (header cells included). */
export function tableRows(html: string, id: string): string[][] {
  const table = elementById(html, 'table', id)
  const body = table.slice(table.indexOf('<tbody'))
  return [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1]!)),
  )
}

export type DataPoint = { category: string; series: string | null; value: number | null }

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag)
  return m ? decode(m[1]!) : null
}

/** Every element inside `html` carrying data-category and data-value, in order. */
export function dataPoints(html: string): DataPoint[] {
  return [...html.matchAll(/<[a-z]+\b[^>]*\bdata-category="[^"]*"[^>]*>/g)].map((m) => {
    const value = attribute(m[0], 'data-value')
    return {
      category: attribute(m[0], 'data-category')!,
      series: attribute(m[0], 'data-series'),
      value: value === null || value === '' ? null : Number(value),
    }
  })
}
