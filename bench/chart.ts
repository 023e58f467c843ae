/**
 * The SVG chart of the HTTP comparison: requests per second as a ratio to
 * raw fetch, per variant and concurrency. `tsx bench/redraw-chart.ts`
 * redraws it from bench/results/latest.json without running the benchmark.
 */
export interface HttpResult {
  readonly variant: string
  readonly concurrency: number
  readonly ratioToFetch: number
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;")

export const chart = (results: ReadonlyArray<HttpResult>, machine: string): string => {
  const names = [...new Set(results.map((r) => r.variant))]
  const barH = 14, gap = 10, left = 230, width = 420, top = 44
  // Past 3× the bars would flatten the rest; longer ones are clipped and labelled.
  const cap = 3
  const x = (v: number) => left + (Math.min(v, cap) / cap) * width
  const rows: Array<string> = []
  names.forEach((name, i) => {
    const y = top + i * (2 * barH + gap)
    rows.push(`<text x="${left - 8}" y="${y + barH + 2}" text-anchor="end" font-size="12">${escape(name)}</text>`)
    for (const [j, concurrency] of [1, 64].entries()) {
      const r = results.find((h) => h.variant === name && h.concurrency === concurrency)
      if (r === undefined) continue
      const color = concurrency === 1 ? "#4e79a7" : "#f28e2b"
      const clipped = r.ratioToFetch > cap
      rows.push(`<rect x="${left}" y="${y + j * barH}" width="${(x(r.ratioToFetch) - left).toFixed(1)}" height="${barH - 2}" fill="${color}"/>`)
      rows.push(
        `<text x="${(x(r.ratioToFetch) + 4).toFixed(1)}" y="${y + j * barH + barH - 4}" font-size="10">${r.ratioToFetch.toFixed(2)}${clipped ? " (clipped)" : ""}</text>`
      )
    }
  })
  const height = top + names.length * (2 * barH + gap) + 44
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 90}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" font-size="14" font-weight="bold">Requests per second as a ratio to raw fetch in the same run (longer is faster)</text>
<line x1="${x(1)}" y1="${top - 8}" x2="${x(1)}" y2="${height - 40}" stroke="#888" stroke-dasharray="4 3"/>
<text x="${x(1) + 3}" y="${top - 10}" font-size="10">raw fetch = 1</text>
${rows.join("\n")}
<rect x="10" y="${height - 34}" width="10" height="10" fill="#4e79a7"/><text x="24" y="${height - 25}" font-size="11">concurrency 1</text>
<rect x="120" y="${height - 34}" width="10" height="10" fill="#f28e2b"/><text x="134" y="${height - 25}" font-size="11">concurrency 64</text>
<text x="10" y="${height - 8}" font-size="10" fill="#555">${escape(machine)}</text>
</svg>
`
}
