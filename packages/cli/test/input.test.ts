import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { type Duration, Effect } from "effect"
import { execFileSync, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fakeServer, idsFile, readJson, runCli, tempDir } from "./helpers.js"

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`)
const seeded = (n: number) => fakeServer(ids(n).map((profileId) => ({ profileId })))

/**
 * Runs the CLI on a new FIFO that a writer process fills from `source` once
 * the CLI opens it (so that nothing here blocks); a run that hangs fails.
 */
const runOnFifo = (
  dir: string,
  source: string,
  args: (fifo: string) => ReadonlyArray<string>,
  timeout: Duration.DurationInput = "30 seconds"
) =>
  Effect.suspend(() => {
    const fifo = Path.join(dir, `${Path.basename(source)}.fifo`)
    execFileSync("mkfifo", [fifo])
    const writer = spawn("sh", ["-c", `cat "$0" > "$1"`, source, fifo], { stdio: "ignore" })
    return runCli(args(fifo)).pipe(
      Effect.map((result) => ({ ...result, fifo })),
      Effect.timeoutFail({ duration: timeout, onTimeout: () => new Error("the run hung on the FIFO") }),
      Effect.ensuring(Effect.sync(() => writer.kill()))
    )
  })

describe("effect-adapty erase: inputs read once (pipes, FIFOs, standard input)", () => {
  it.live("a process substitution (a pipe) is read once, counted as it is read: every line erased", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const report = Path.join(dir, "r.json")
      const result = yield* runCli(["erase", "--by", "profile-id", "--yes", "--report", report], {
        shell: `exec "$@" <(printf 'p0\\np1\\n\\np2\\n')`
      })
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 3 of 3: deleted 3")
      assert.deepStrictEqual(readJson(report).totals, { deleted: 3, notFound: 0, invalid: 0, failed: 0, skipped: 0 })
      assert.notInclude(result.stderr, "journal:", "no default journal for an input read once")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
    }).pipe(Effect.provide(seeded(3))))

  it.live("/proc/self/fd/0 fed by a pipe is read once", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["erase", "/proc/self/fd/0", "--by", "profile-id", "--yes"], {
        shell: `printf 'p0\\np1\\n' | "$@"`
      })
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 2 of 2: deleted 2")
    }).pipe(Effect.provide(seeded(2))))

  it.live("a named FIFO is read once, without a default journal; a --journal still works", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const source = idsFile(dir, ids(50))
      const journal = Path.join(dir, "fifo.journal")
      const result = yield* runOnFifo(dir, source, (fifo) => ["erase", fifo, "--by", "profile-id", "--yes", "--journal", journal])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 50 of 50: deleted 50")
      assert.isFalse(Fs.existsSync(`${result.fifo}.journal`))
      assert.strictEqual(Fs.readFileSync(journal, "utf8").trim().split("\n").length, 50)

      const again = idsFile(dir, ["p0", " bad", "p1"], "again.txt")
      const dry = yield* runOnFifo(dir, again, (fifo) => ["erase", fifo, "--by", "profile-id", "--dry-run"])
      assert.strictEqual(dry.code, 1, dry.stderr)
      assert.include(dry.stdout, "would erase 2 identifier(s)")
      assert.include(dry.stdout, "1 invalid (line 2)")
    }).pipe(Effect.provide(seeded(50))))
})

describe("effect-adapty erase: inputs as people have them", () => {
  it.live("a UTF-8 byte order mark is not part of the first identifier", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, "\uFEFFp0\r\np1\r\n")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes"])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 2 of 2: deleted 2")
    }).pipe(Effect.provide(seeded(2))))

  it.live("a file of 20 MB without a newline (as of /dev/zero), as a file and through a FIFO: one line, invalid", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const zeros = Path.join(dir, "zeros")
      Fs.writeFileSync(zeros, new Uint8Array(20_000_000))
      const report = Path.join(dir, "r.json")
      const asFile = yield* runCli(["erase", zeros, "--by", "profile-id", "--yes", "--report", report])
      assert.strictEqual(asFile.code, 1, asFile.stderr)
      assert.notInclude(asFile.stderr, "RangeError")
      assert.include(asFile.stdout, "erased 0 of 1: deleted 0, not found 0, skipped 0 (already erased), invalid 1")
      assert.deepStrictEqual(readJson(report).problems.map((p: { line: number; reason: string }) => [p.line, p.reason]), [
        [1, "profileId is longer than 4096 characters"]
      ])
      const throughFifo = yield* runOnFifo(dir, zeros, (fifo) => ["erase", fifo, "--by", "profile-id", "--yes"], "60 seconds")
      assert.strictEqual(throughFifo.code, 1, throughFifo.stderr)
      assert.include(throughFifo.stdout, "invalid 1")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(0))))

  it.live("a CSV record over the bound is an input error found by the count pass: exit 2, nothing sent", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const csv = Path.join(dir, "users.csv")
      Fs.writeFileSync(csv, `id,note\np0,"${"z".repeat(2_000_000)}"\np1,x\n`)
      const result = yield* runCli(["erase", csv, "--by", "profile-id", "--column", "id", "--yes"])
      assert.strictEqual(result.code, 2, result.stderr)
      assert.include(result.stderr, "the CSV record at line 2 is longer than")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(2))))
})
