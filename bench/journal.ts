/**
 * The journal's append path, both ways: `node --import tsx bench/journal.ts
 * [appends] [rounds]` (default 1,000,000 appends, 3 rounds). Each way
 * appends that many journal records to a new journal, one `write` per record
 * on a file opened with `O_APPEND`, with one writer and with 8 (the command
 * line's default concurrency), alternating, and prints the median time,
 * appends per second and CPU time of each as JSON lines:
 *
 * - `writeSync`: `Journal.open`'s writer as shipped (`writeSync` on the
 *   descriptor of the file `FileSystem` opened);
 * - `File.writeAll`: `FileSystem`'s own write (through the libuv thread
 *   pool), one append at a time and not interrupted halfway, as the journal
 *   would need it (an append must not start after one failed, and a counted
 *   outcome must be journaled).
 */
import { Journal } from "@effect-adapty/cli"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const appends = Number(process.argv[2] ?? 1_000_000)
const rounds = Number(process.argv[3] ?? 3)
const ways = ["writeSync", "File.writeAll"] as const
type Way = typeof ways[number]

const entry = (i: number): Journal.Entry => ({
  line: i + 1,
  fp: "0123456789abcdef",
  outcome: "deleted",
  at: new Date(1_700_000_000_000 + i).toISOString(),
  target: "fedcba9876543210"
})

const writer = (way: Way, path: string) =>
  way === "writeSync"
    ? Effect.map(Journal.open(path), (journal) => journal.writer.append)
    : Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const file = yield* fs.open(path, { flag: "a" })
      const oneAtATime = yield* Effect.makeSemaphore(1)
      return (record: Journal.Entry) =>
        file.writeAll(Buffer.from(`${JSON.stringify(record)}\n`)).pipe(oneAtATime.withPermits(1), Effect.uninterruptible)
    })

const measure = async (way: Way, concurrency: number) => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-bench-journal-"))
  const path = Path.join(dir, "ids.txt.journal")
  const run = Effect.scoped(Effect.gen(function*() {
    const append = yield* writer(way, path)
    yield* Effect.forEach(
      Array.from({ length: concurrency }, (_, worker) => worker),
      (worker) =>
        Effect.gen(function*() {
          for (let i = worker; i < appends; i += concurrency) yield* append(entry(i))
        }),
      { concurrency, discard: true }
    )
  })).pipe(Effect.provide(NodeFileSystem.layer))
  try {
    const cpu = process.cpuUsage()
    const started = performance.now()
    await Effect.runPromise(run)
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const lines = Fs.readFileSync(path, "utf8").split("\n").length - 1
    if (lines !== appends) throw new Error(`${way}: ${lines} lines written, not ${appends}`)
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6 }
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

for (const concurrency of [1, 8]) {
  const runs = new Map<Way, Array<{ seconds: number; cpuSeconds: number }>>(ways.map((way) => [way, []]))
  for (let round = 0; round < rounds; round++) {
    // Alternating, so that a noisy moment on a shared machine falls on both.
    for (const way of round % 2 === 0 ? ways : [...ways].reverse()) runs.get(way)!.push(await measure(way, concurrency))
  }
  for (const [way, results] of runs) {
    const seconds = median(results.map((r) => r.seconds))
    console.log(JSON.stringify({
      way,
      concurrency,
      appends,
      medianSeconds: Number(seconds.toFixed(2)),
      appendsPerSecond: Math.round(appends / seconds),
      medianCpuSeconds: Number(median(results.map((r) => r.cpuSeconds)).toFixed(2)),
      runs: results.map((r) => Number(r.seconds.toFixed(2)))
    }))
  }
}
