/**
 * `pnpm bench`: every figure as a ratio to raw fetch (or to a bare loop)
 * measured in the same run, since these machines are shared and noisy.
 *
 * 1. HTTP: raw fetch, raw undici.request, a bare HttpClient.execute on each
 *    transport, the live layer on each transport, the in-memory layer; at
 *    concurrency 1 and 64; the median of several interleaved rounds.
 * 2. Erasure: BulkErasure against a bare loop at the same concurrency, over
 *    1,000,000 identifiers in memory and 100,000 over loopback HTTP, with
 *    peak RSS, each in its own process.
 * 2b. The command line erasing a file in which every other line is invalid,
 *    with its peak RSS.
 * 3. Import cost of @effect-adapty/http in a fresh process.
 *
 * Writes bench/results/latest.json and bench/results/latest.svg.
 * BENCH_QUICK=1 runs a smaller version (for CI smoke tests).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { chart } from "./chart.js"
import { variants } from "./http.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const resultsDir = Path.join(here, "..", "results")
const quick = process.env.BENCH_QUICK === "1"
const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

// Run from bench/.build: the sibling bundles are .mjs files.
const startProcess = (script: string, args: ReadonlyArray<string> = []) => {
  const child = spawn(process.execPath, [Path.join(here, script.replace(/\.ts$/, ".mjs")), ...args], {
    cwd: here,
    stdio: ["pipe", "pipe", "inherit"]
  })
  const ready = new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(String(d).trim())))
  return { ready, stop: () => child.stdin.end() }
}

// 1. HTTP
const httpResults: Array<{
  variant: string
  baseline: string
  concurrency: number
  rps: number
  rounds: Array<number>
  ratioToFetch: number
}> = []
{
  const server = startProcess("server.ts")
  const port = await server.ready
  const all = variants(`http://127.0.0.1:${port}`)
  const rounds = quick ? 2 : 7
  for (const concurrency of [1, 64]) {
    const requests = quick ? 300 : concurrency === 1 ? 2_000 : 10_000
    for (const v of all) {
      // warm-up
      await v.prepare?.(Math.min(requests, 1_000))
      await v.run(Math.min(requests, 1_000), concurrency)
    }
    const samples = new Map<string, Array<number>>(all.map((v) => [v.name, []]))
    for (let round = 0; round < rounds; round++) {
      for (const v of all) {
        await v.prepare?.(requests)
        const started = performance.now()
        await v.run(requests, concurrency)
        samples.get(v.name)!.push(requests / ((performance.now() - started) / 1000))
      }
    }
    for (const v of all) {
      const rps = median(samples.get(v.name)!)
      const baseline = v.baseline ?? "raw fetch"
      const baselineRps = median(samples.get(baseline)!)
      httpResults.push({ variant: v.name, baseline, concurrency, rps, rounds: samples.get(v.name)!, ratioToFetch: rps / baselineRps })
    }
  }
  for (const v of all) await v.dispose()
  server.stop()
}

// 2. Erasure
const runErase = (args: ReadonlyArray<string>, nodeFlags: ReadonlyArray<string> = []) =>
  JSON.parse(execFileSync(process.execPath, [...nodeFlags, Path.join(here, "erase.mjs"), ...args], {
    cwd: here,
    encoding: "utf8",
    maxBuffer: 1 << 20
  })) as {
    target: string
    mode: string
    count: number
    perSecond: number
    peakRssMB: number
    seconds: number
    cpuSeconds: number
  }

type EraseRun = ReturnType<typeof runErase>
// Each figure is the median of `pairs` runs, BulkErasure and the bare loop
// alternating, so that drift on a shared machine hits both alike; beside it
// the best run of each, since contention on a shared machine only ever slows
// a run down; peak RSS is the highest of the runs.
const summarize = (runs: ReadonlyArray<EraseRun>) => ({
  ...runs[0]!,
  perSecond: median(runs.map((r) => r.perSecond)),
  bestPerSecond: Math.max(...runs.map((r) => r.perSecond)),
  cpuMicrosPerItem: median(runs.map((r) => (r.cpuSeconds * 1e6) / r.count)),
  seconds: median(runs.map((r) => r.seconds)),
  peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
  runs
})
const eraseResults: Array<ReturnType<typeof summarize>> = []
let capped: ReturnType<typeof summarize> | undefined
let chunked: ReturnType<typeof summarize> | undefined
{
  const memoryCount = quick ? 20_000 : 1_000_000
  const httpCount = quick ? 2_000 : 100_000
  const concurrency = 16
  const pairs = quick ? 1 : 5
  const memory = {
    erase: [] as Array<EraseRun>,
    bare: [] as Array<EraseRun>,
    capped: [] as Array<EraseRun>,
    chunked: [] as Array<EraseRun>
  }
  const http = { erase: [] as Array<EraseRun>, bare: [] as Array<EraseRun> }
  for (let pair = 0; pair < pairs; pair++) {
    // Alternating which goes first, so that a drift within a pair favours neither.
    const modes = pair % 2 === 0 ? (["erase", "bare"] as const) : (["bare", "erase"] as const)
    for (const mode of modes) {
      memory[mode].push(runErase(["memory", mode, String(memoryCount), String(concurrency)]))
    }
    // V8 lets the heap grow lazily when memory is plentiful; with the old
    // space capped, the same run shows what it really needs.
    memory.capped.push(runErase(["memory", "erase", String(memoryCount), String(concurrency)], ["--max-old-space-size=64"]))
    // The same erasure over lookups that a Stream builds a chunk at a time.
    memory.chunked.push(runErase(["memory", "erase-chunked", String(memoryCount), String(concurrency)]))
    for (const mode of modes) {
      // A fresh fake server for each, so that both delete the same profiles.
      const server = startProcess("fake-server.ts", [String(httpCount)])
      const url = await server.ready
      http[mode].push(runErase(["http", mode, String(httpCount), String(concurrency), url]))
      server.stop()
    }
  }
  eraseResults.push(summarize(memory.erase), summarize(memory.bare), summarize(http.erase), summarize(http.bare))
  capped = summarize(memory.capped)
  chunked = summarize(memory.chunked)
}

// 2a. BulkErasure's worker pool against Stream.mapEffect(…, { unordered: true })
// over loopback: as fast as the server answers, with 5% of the calls
// answered 503 (the live layer waits out a backoff and retries them), and
// BulkErasure at a configured rate, against that rate.
const engines = (() => {
  const count = quick ? 2_000 : 50_000
  const concurrency = 16
  const pairs = quick ? 1 : 3
  const rate = 90_000
  const runs = { plain: { erase: [] as Array<EraseRun>, stream: [] as Array<EraseRun> }, retry: { erase: [] as Array<EraseRun>, stream: [] as Array<EraseRun> }, rate: [] as Array<EraseRun> }
  return (async () => {
    for (let pair = 0; pair < pairs; pair++) {
      const modes = pair % 2 === 0 ? (["erase", "stream"] as const) : (["stream", "erase"] as const)
      for (const [scenario, probability] of [["plain", 0], ["retry", 0.05]] as const) {
        for (const mode of modes) {
          const server = startProcess("fake-server.ts", [String(count), String(probability)])
          const url = await server.ready
          runs[scenario][mode].push(runErase(["http", mode, String(count), String(concurrency), url]))
          server.stop()
        }
      }
      const server = startProcess("fake-server.ts", [String(count)])
      const url = await server.ready
      runs.rate.push(runErase(["http", "erase", String(count), String(concurrency), url, String(rate)]))
      server.stop()
    }
    return {
      rate,
      plain: { erase: summarize(runs.plain.erase), stream: summarize(runs.plain.stream) },
      retry: { erase: summarize(runs.retry.erase), stream: summarize(runs.retry.stream) },
      atRate: summarize(runs.rate)
    }
  })()
})()
const engineResults = await engines

// 2b. The command line: `effect-adapty erase` of a file in which every other
// line is invalid, against the fake server over loopback, in its own process;
// its peak RSS must not grow with the number of problems.
const cliRun = await (async () => {
  const lines = quick ? 20_000 : 1_000_000
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-bench-"))
  try {
    const input = Path.join(dir, "ids.txt")
    const out = Fs.createWriteStream(input)
    for (let i = 0; i < lines; i++) out.write(i % 2 === 0 ? `user-${i}\n` : ` invalid-${i}\n`)
    await new Promise((resolve) => out.end(resolve))
    const server = startProcess("fake-server.ts", [String(lines)])
    const url = await server.ready
    const started = performance.now()
    const result = spawnSync(process.execPath, [
      "--import",
      Path.join(here, "..", "max-rss.mjs"),
      Path.join(here, "cli.mjs"),
      "erase",
      input,
      "--by",
      "profile-id",
      "--yes",
      "--concurrency",
      "16",
      "--report",
      Path.join(dir, "report.json")
    ], {
      cwd: dir,
      env: { ...process.env, ADAPTY_API_KEY: "bench-key", ADAPTY_BASE_URL: url },
      encoding: "utf8",
      maxBuffer: 64 << 20
    })
    const seconds = (performance.now() - started) / 1000
    server.stop()
    const rss = /max-rss-kb (\d+)/.exec(result.stderr ?? "")
    const summary = /erased \d+ of \d+[^\n]*/.exec(result.stdout ?? "")?.[0] ?? ""
    if (result.status !== 1 || rss === null) {
      throw new Error(`the command line's run ended with ${result.status}: ${result.stderr?.slice(-500)}`)
    }
    return { lines, invalid: lines / 2, seconds, linesPerSecond: lines / seconds, peakRssMB: Number(rss[1]) / 1024, summary }
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
})()

// 3. Import cost
const importMillis = (specifier: string) => {
  const samples: Array<number> = []
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    const out = execFileSync(process.execPath, [
      "--input-type=module",
      "-e",
      `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t)`
    ], { cwd: here, encoding: "utf8" })
    samples.push(Number(out.trim()))
  }
  return median(samples)
}
const imports = {
  "@effect-adapty/http": importMillis(Path.join(here, "import-http.mjs")),
  "effect (baseline)": importMillis("effect")
}

// Report
const machine = `${Os.cpus()[0]?.model ?? "unknown CPU"}, ${Os.cpus().length} cores, ${(Os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
const erasure = {
  memory: {
    erase: eraseResults.find((r) => r.target === "memory" && r.mode === "erase")!,
    bare: eraseResults.find((r) => r.target === "memory" && r.mode === "bare")!
  },
  http: {
    erase: eraseResults.find((r) => r.target === "http" && r.mode === "erase")!,
    bare: eraseResults.find((r) => r.target === "http" && r.mode === "bare")!
  }
}
const results = {
  date: new Date().toISOString(),
  machine,
  quick,
  http: httpResults,
  erasure: { ...erasure, memoryCappedHeap: capped, memoryChunkedLookups: chunked },
  engines: engineResults,
  commandLine: cliRun,
  importMillis: imports
}

const lines: Array<string> = []
lines.push(`machine: ${machine}`)
lines.push("")
lines.push("| variant | concurrency | requests/s (median) | ratio | to |")
lines.push("|---|---:|---:|---:|---|")
for (const r of httpResults) {
  lines.push(`| ${r.variant} | ${r.concurrency} | ${r.rps.toFixed(0)} | ${r.ratioToFetch.toFixed(2)} | ${r.baseline} |`)
}
for (const concurrency of [1, 64]) {
  for (const transport of ["undici", "fetch"] as const) {
    const bare = httpResults.find((r) => r.concurrency === concurrency && r.variant === `HttpClient.execute, ${transport}`)!
    const live = httpResults.find((r) =>
      r.concurrency === concurrency && r.variant === (transport === "undici" ? "live layer, undici" : "live layer, FetchHttpClient")
    )!
    lines.push(`live layer over bare HttpClient.execute, ${transport}, concurrency ${concurrency}: ${(100 * (bare.rps / live.rps - 1)).toFixed(1)}% added cost`)
    const noSpan = httpResults.find((r) => r.concurrency === concurrency && r.variant === `HttpClient.execute, ${transport}, no span`)
    if (noSpan !== undefined) {
      lines.push(`live layer over bare HttpClient.execute, ${transport}, no span, concurrency ${concurrency}: ${(100 * (noSpan.rps / live.rps - 1)).toFixed(1)}% added cost`)
    }
  }
}
lines.push("")
lines.push(
  `| erasure | identifiers | per second (median of ${eraseResults[0]!.runs.length}) | ratio to bare loop | best run | ratio, best to best | CPU µs per identifier (median) | peak RSS (highest) |`
)
lines.push("|---|---:|---:|---:|---:|---:|---:|---:|")
const eraseRow = (label: string, r: ReturnType<typeof summarize>, bare: ReturnType<typeof summarize>) =>
  `| ${label} | ${r.count} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / bare.perSecond).toFixed(2)} | ${
    r.bestPerSecond.toFixed(0)
  } | ${(r.bestPerSecond / bare.bestPerSecond).toFixed(2)} | ${r.cpuMicrosPerItem.toFixed(1)} | ${r.peakRssMB.toFixed(0)} MB |`
for (const target of ["memory", "http"] as const) {
  const { bare, erase } = erasure[target]
  lines.push(eraseRow(`BulkErasure, ${target === "memory" ? "in-memory layer" : "live layer over loopback"}`, erase, bare))
  lines.push(eraseRow("bare loop, same concurrency", bare, bare))
}
if (capped !== undefined) {
  lines.push(eraseRow("BulkErasure, in-memory layer, node --max-old-space-size=64", capped, erasure.memory.bare))
}
if (chunked !== undefined) {
  lines.push(eraseRow("BulkErasure, in-memory layer, lookups built a chunk at a time", chunked, erasure.memory.bare))
}
lines.push("")
lines.push(
  `| worker pool or stream, over loopback | identifiers | per second (median of ${engineResults.plain.erase.runs.length}) | ratio | CPU µs per identifier | peak RSS |`
)
lines.push("|---|---:|---:|---:|---:|---:|")
for (const [label, pair] of [["answered at once", engineResults.plain], ["5% of calls answered 503, then retried", engineResults.retry]] as const) {
  for (const [name, r] of [["BulkErasure (its worker pool)", pair.erase], ["Stream.mapEffect, unordered", pair.stream]] as const) {
    lines.push(
      `| ${name}, ${label} | ${r.count} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / pair.stream.perSecond).toFixed(2)} | ${
        r.cpuMicrosPerItem.toFixed(1)
      } | ${r.peakRssMB.toFixed(0)} MB |`
    )
  }
}
lines.push(
  `| BulkErasure at ${engineResults.rate} per minute | ${engineResults.atRate.count} | ${engineResults.atRate.perSecond.toFixed(0)} | ${
    (engineResults.atRate.perSecond / (engineResults.rate / 60)).toFixed(2)
  } of the rate | ${engineResults.atRate.cpuMicrosPerItem.toFixed(1)} | ${engineResults.atRate.peakRssMB.toFixed(0)} MB |`
)
lines.push("")
lines.push("| the command line | lines | of them invalid | lines per second | peak RSS |")
lines.push("|---|---:|---:|---:|---:|")
lines.push(
  `| effect-adapty erase, live layer over loopback, concurrency 16 | ${cliRun.lines} | ${cliRun.invalid} | ${
    cliRun.linesPerSecond.toFixed(0)
  } | ${cliRun.peakRssMB.toFixed(0)} MB |`
)
lines.push("")
lines.push(`import @effect-adapty/http (with effect and @effect/platform) in a fresh process: ${imports["@effect-adapty/http"].toFixed(0)} ms; the effect package alone: ${imports["effect (baseline)"].toFixed(0)} ms`)
console.log(lines.join("\n"))

const svg = chart(httpResults, machine)

Fs.mkdirSync(resultsDir, { recursive: true })
const base = quick ? "quick" : "latest"
Fs.writeFileSync(Path.join(resultsDir, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`)
Fs.writeFileSync(Path.join(resultsDir, `${base}.svg`), svg)
Fs.writeFileSync(Path.join(resultsDir, `${base}.md`), `${lines.join("\n")}\n`)
console.log(`\nwrote bench/results/${base}.json, .svg and .md`)
