import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fingerprint, target } from "../src/Journal.js"
import { apiKey, fakeServer, idsFile, journalEntries, runCli, tempDir } from "./helpers.js"

const seeded = (n: number) => fakeServer(Array.from({ length: n }, (_, i) => ({ profileId: `p${i}` })))
const input = (dir: string, n: number) => idsFile(dir, Array.from({ length: n }, (_, i) => `p${i}`))
const record = (line: number, value: string, at?: string) =>
  JSON.stringify({ line, fp: fingerprint("profile-id", value), outcome: "deleted", ...(at === undefined ? {} : { target: at }) })

// Where the runs of a test erase: records made against it count as erased.
const here = Effect.map(FakeAdaptyServer.url, (url) => target(url, apiKey))

describe("effect-adapty erase: outputs checked before the first request", () => {
  it.live("a report that cannot be written: exit 2, nothing sent", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 3)
      for (const report of [Path.join(dir, "missing", "r.json"), dir]) {
        const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--report", report])
        assert.strictEqual(result.code, 2, result.stderr)
        assert.include(result.stderr, `cannot write the report ${report}`)
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(3))))

  it.live("a journal or report that is the input (also through a symbolic link), or each other: exit 2, input untouched", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 3)
      const before = Fs.readFileSync(file, "utf8")
      const link = Path.join(dir, "link.txt")
      Fs.symlinkSync(file, link)
      Fs.symlinkSync(dir, Path.join(dir, "folder-link"))
      const other = Path.join(dir, "out.json")
      for (
        const args of [
          ["--journal", file],
          ["--report", file],
          ["--journal", link],
          ["--report", link],
          ["--journal", other, "--report", other],
          ["--journal", Path.join(dir, ".", "x.journal"), "--report", Path.join(dir, "x.journal")],
          ["--journal", Path.join(dir, "y.journal"), "--report", Path.join(dir, "folder-link", "y.journal")]
        ]
      ) {
        const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", ...args])
        assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
        assert.match(result.stderr, /^error: the (journal|report) .* is the (input file|journal)/)
      }
      const dryRun = yield* runCli(["erase", file, "--by", "profile-id", "--dry-run", "--report", link])
      assert.strictEqual(dryRun.code, 2, dryRun.stderr)
      // The input through a link is refused as the journal of the real file.
      const viaLink = yield* runCli(["erase", link, "--by", "profile-id", "--yes", "--report", file])
      assert.strictEqual(viaLink.code, 2, viaLink.stderr)
      assert.strictEqual(Fs.readFileSync(file, "utf8"), before)
      assert.isFalse(Fs.existsSync(other))
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(3))))

  it.live("a journal that is not a regular file (/dev/zero, a folder): exit 2, nothing sent", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 3)
      for (const journal of ["/dev/zero", dir]) {
        const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--journal", journal])
        assert.strictEqual(result.code, 2, result.stderr)
        assert.include(result.stderr, `the journal ${journal} is not a regular file`)
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(3))))
})

describe("effect-adapty erase: the journal heals, and is checked", () => {
  it.live("a torn last line is cut off before the first append; a whole last record gets its newline", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 4)
      const journal = `${file}.journal`
      const at = yield* here
      // A crash mid-write: lines 1 and 2 recorded, line 3's record cut short.
      Fs.writeFileSync(journal, `${record(1, "p0", at)}\n${record(2, "p1", at)}\n{"line":3,"fp":"ab`)
      const first = yield* runCli(["erase", file, "--by", "profile-id", "--yes"])
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, "deleted 2, not found 0, skipped 2")
      const entries = journalEntries(journal)
      assert.deepStrictEqual(entries.map((e) => e.line).sort(), [1, 2, 3, 4])

      // A record whole but for its newline counts, and the next one starts on a line of its own.
      Fs.writeFileSync(journal, `${record(1, "p0", at)}\n${record(2, "p1", at)}\n${record(3, "p2", at)}`)
      const second = yield* runCli(["erase", file, "--by", "profile-id", "--yes"])
      assert.strictEqual(second.code, 0, second.stderr)
      assert.include(second.stdout, "skipped 3")
      assert.deepStrictEqual(journalEntries(journal).map((e) => e.line), [1, 2, 3, 4])
    }).pipe(Effect.provide(seeded(4))))

  it.live("a file that is not a journal (or is damaged) is refused with the line number, before anything is sent", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 3)
      const journal = Path.join(dir, "notes.txt")
      const cases: Array<[string, string]> = [
        [`${record(1, "p0")}\nnot a record\n${record(2, "p1")}\n`, "line 2"],
        [`${record(1, "p0")}\n{"line":0,"fp":"0123456789abcdef","outcome":"deleted"}\n`, "line 2"],
        [`{"line":1,"fp":"p0","outcome":"deleted"}\n`, "line 1"],
        [`${record(1, "p0")}\n{"line":2,"fp":"0123456789abcdef","outcome":"erased"}\n`, "line 2"],
        ["dear diary", "line 1"],
        ["x".repeat(5_000_000), "line 1"]
      ]
      for (const [content, where] of cases) {
        Fs.writeFileSync(journal, content)
        const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--journal", journal])
        assert.strictEqual(result.code, 2, result.stderr)
        assert.include(result.stderr, `the journal ${journal} is not an effect-adapty journal, or is damaged: ${where}`)
        assert.strictEqual(Fs.readFileSync(journal, "utf8"), content, "left as it was")
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(seeded(3))))

  it.live("a record for line 1e15 costs a page, not a crash", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 2)
      const at = yield* here
      Fs.writeFileSync(`${file}.journal`, `{"line":1e15,"fp":"0123456789abcdef","outcome":"deleted"}\n${record(1, "p0", at)}\n`)
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes"])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 2 of 2: deleted 1, not found 0, skipped 1")
    }).pipe(Effect.provide(seeded(2))))
})
