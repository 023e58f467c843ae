import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { spawn } from "node:child_process"
import { apiKey, cliBin, cliDir, fakeServer, journalEntries, readJson, runCli, start, tempDir, users, waitForJournal } from "./helpers.js"

const noIdentifiersIn = (text: string, ids: ReadonlyArray<string>) => {
  for (const id of ids) assert.notInclude(text, id)
  assert.notInclude(text, apiKey)
}

describe("effect-adapty erase", () => {
  it.live("erases every line, writes the journal and the report, exits 0, prints no identifier", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const people = users(200)
      const file = Path.join(dir, "ids.txt")
      // Blank lines are skipped; unknown ids end not_found.
      Fs.writeFileSync(file, people.map((p) => p.customerUserId).join("\n") + "\n\n   \nghost@example.com\n")
      const report = Path.join(dir, "report.json")
      const result = yield* runCli(["erase", file, "--by", "customer-user-id", "--yes", "--concurrency", "8", "--report", report])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "erased 201 of 201: deleted 200, not found 1")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
      const written = readJson(report)
      assert.deepStrictEqual(written.totals, { deleted: 200, notFound: 1, invalid: 0, failed: 0, skipped: 0 })
      assert.deepStrictEqual(written.problems, [])
      const journal = journalEntries(`${file}.journal`)
      assert.strictEqual(journal.length, 201)
      assert.strictEqual(new Set(journal.map((e) => e.line)).size, 201)
      noIdentifiersIn(result.stdout + result.stderr + Fs.readFileSync(report, "utf8") + Fs.readFileSync(`${file}.journal`, "utf8"), [
        ...people.map((p) => p.customerUserId),
        "ghost@example.com"
      ])
    }).pipe(Effect.provide(fakeServer(users(200)))))

  it.live("a malformed input: invalid lines are reported by line number and reason, the rest erased, exit 1", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, ["profile-user-0", " profile-user-1", "profile-user-2", "bad\u0007id", "é-profile", "x".repeat(5000)].join("\r\n"))
      const report = Path.join(dir, "report.json")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--report", report])
      assert.strictEqual(result.code, 1)
      const written = readJson(report)
      assert.deepStrictEqual(written.totals, { deleted: 2, notFound: 0, invalid: 4, failed: 0, skipped: 0 })
      assert.deepStrictEqual(written.problems.map((p: { line: number }) => p.line), [2, 4, 5, 6])
      assert.deepStrictEqual(written.problems.map((p: { reason: string }) => p.reason.split(" ").slice(1, 3).join(" ")), [
        "has leading",
        "has a",
        "has a",
        "is longer"
      ])
      noIdentifiersIn(result.stdout + result.stderr + Fs.readFileSync(report, "utf8"), ["profile-user-1", "bad", "é-profile", "xxxxx"])
    }).pipe(Effect.provide(fakeServer(users(3)))))

  it.live("without ADAPTY_API_KEY it exits 2 and sends nothing", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, "a\nb\n")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes"], { env: { ADAPTY_API_KEY: "" } })
      assert.strictEqual(result.code, 2)
      assert.include(result.stderr, "ADAPTY_API_KEY")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer([]))))

  it.live("usage errors exit 2: a missing file, a bad --by, --concurrency 0, no terminal without --yes", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, "a\n")
      for (
        const args of [
          ["erase", Path.join(dir, "missing.txt"), "--by", "profile-id", "--yes"],
          ["erase", file, "--by", "email", "--yes"],
          ["erase", file, "--by", "profile-id", "--yes", "--concurrency", "0"],
          ["erase", file, "--by", "profile-id"],
          ["erase", "-", "--by", "profile-id"],
          ["delete"],
          ["delete", "--profile-id", "a", "--customer-user-id", "b"]
        ]
      ) {
        const result = yield* runCli(args)
        assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer([{ profileId: "a" }]))))

  it.live("--dry-run validates everything and sends nothing", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, "a\n\nb \nc\n")
      const report = Path.join(dir, "dry.json")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--dry-run", "--report", report])
      assert.strictEqual(result.code, 1)
      assert.include(result.stdout, "would erase 2 identifier(s)")
      assert.include(result.stdout, "1 invalid (line 3)")
      assert.strictEqual(readJson(report).dryRun, true)
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
      assert.isFalse(Fs.existsSync(`${file}.journal`))
    }).pipe(Effect.provide(fakeServer([{ profileId: "a" }, { profileId: "c" }]))))

  it.live("standard input with --yes, and a CSV column", () =>
    Effect.gen(function*() {
      const fromStdin = yield* runCli(["erase", "-", "--by", "profile-id", "--yes"], { stdin: "a\nb\n" })
      assert.strictEqual(fromStdin.code, 0, fromStdin.stderr)
      assert.include(fromStdin.stdout, "deleted 2")
      const dir = tempDir()
      const csv = Path.join(dir, "users.csv")
      Fs.writeFileSync(csv, "name,adapty,email\n\"Doe, Jane\",c,jane@example.com\nBob,,bob@example.com\nAl,d,al@example.com\n")
      const report = Path.join(dir, "r.json")
      const fromCsv = yield* runCli(["erase", csv, "--by", "profile-id", "--column", "adapty", "--yes", "--report", report])
      // Bob's row has no identifier: he is reported, not dropped.
      assert.strictEqual(fromCsv.code, 1, fromCsv.stderr)
      assert.deepStrictEqual(readJson(report).totals, { deleted: 2, notFound: 0, invalid: 1, failed: 0, skipped: 0 })
      assert.deepStrictEqual(readJson(report).problems.map((p: { line: number }) => p.line), [3])
      const asText = yield* runCli(["erase", csv, "--by", "profile-id", "--yes"])
      assert.strictEqual(asText.code, 2, "a .csv read as text would send its header and rows as identifiers")
      assert.include(asText.stderr, "give --column NAME")
      const noColumn = yield* runCli(["erase", csv, "--by", "profile-id", "--column", "nope", "--yes"])
      assert.strictEqual(noColumn.code, 2)
      assert.include(noColumn.stderr, "no column named nope")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
    }).pipe(Effect.provide(fakeServer(["a", "b", "c", "d"].map((profileId) => ({ profileId }))))))

  it.live("injected 503s and 429s: retried and slowed, every line ends with one outcome", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      yield* faults.random({
        probability: 0.3,
        faults: [{ _tag: "Status", status: 503 }, { _tag: "RateLimited", retryAfter: 0 }],
        seed: 4
      })
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      const people = users(300)
      Fs.writeFileSync(file, people.map((p) => p.profileId).join("\n"))
      const report = Path.join(dir, "r.json")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--concurrency", "16", "--report", report])
      const totals = readJson(report).totals
      assert.strictEqual(totals.deleted + totals.notFound + totals.failed, 300)
      assert.strictEqual(result.code, totals.failed === 0 ? 0 : 1)
      const journal = journalEntries(`${file}.journal`)
      assert.strictEqual(new Set(journal.map((e) => e.line)).size, 300)
      assert.strictEqual(journal.length, 300)
      assert.isAbove(yield* faults.requestCount, 300, "faults were injected and retried")
    }).pipe(Effect.provide(fakeServer(users(300)))))

  it.live("kill -9 in the middle, then the same command again: every line ends once, few sent twice", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      const people = users(1500)
      Fs.writeFileSync(file, people.map((p) => p.customerUserId).join("\n"))
      const url = yield* FakeAdaptyServer.url
      const env = { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: url }
      const concurrency = 8
      const args = ["erase", file, "--by", "customer-user-id", "--yes", "--concurrency", String(concurrency)]
      // Slow enough to be killed in the middle: 6,000 per minute.
      const first = start([...args, "--rate", "6000"], { env })
      const journal = `${file}.journal`
      yield* waitForJournal(journal, 200)
      first.child.kill("SIGKILL")
      const killed = yield* first.done
      assert.strictEqual(killed.signal, "SIGKILL")
      const before = journalEntries(journal).length
      assert.isBelow(before, 1500, "killed before the end")

      const report = Path.join(dir, "r.json")
      const second = yield* start([...args, "--report", report], { env }).done
      assert.strictEqual(second.code, 0, second.stderr)
      const totals = readJson(report).totals
      assert.strictEqual(totals.skipped, before)
      assert.strictEqual(totals.deleted + totals.notFound + totals.skipped, 1500)

      const entries = journalEntries(journal)
      const perLine = new Map<number, number>()
      for (const e of entries) perLine.set(e.line, (perLine.get(e.line) ?? 0) + 1)
      assert.strictEqual(perLine.size, 1500, "every line has an outcome")
      assert.isTrue([...perLine.values()].every((n) => n === 1), "and only one")

      const store = yield* InMemoryProfiles
      assert.deepStrictEqual(yield* store.remaining, [])
      const sent = new Map<string, number>()
      for (const lookup of yield* store.requests) {
        const id = "customerUserId" in lookup ? lookup.customerUserId : lookup.profileId
        sent.set(id, (sent.get(id) ?? 0) + 1)
      }
      const twice = [...sent.values()].filter((n) => n > 1).length
      assert.isAtMost(twice, concurrency, "at most --concurrency identifiers sent a second time")
      assert.strictEqual(totals.notFound, twice, "a second send finds the profile gone")
    }).pipe(Effect.provide(fakeServer(users(1500)))))

  it.live("kill -9 of a wrapper (as of `pnpm cli`) stops the command too: no orphan goes on erasing", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, users(1000).map((p) => p.profileId).join("\n"))
      const url = yield* FakeAdaptyServer.url
      const wrapper = spawn("sh", ["-c", `"$0" --import tsx "$1" erase "$2" --by profile-id --yes --rate 3000; echo finished`, process.execPath, cliBin, file], {
        cwd: cliDir,
        env: { ...process.env, ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: url, EFFECT_ADAPTY_EXIT_WITH_PARENT: "1" },
        stdio: "ignore"
      })
      const journal = `${file}.journal`
      yield* waitForJournal(journal, 20)
      wrapper.kill("SIGKILL")
      yield* Effect.sleep("1 second")
      const settled = journalEntries(journal).length
      yield* Effect.sleep("1 second")
      assert.strictEqual(journalEntries(journal).length, settled, "nothing erased after the wrapper died")
      assert.isBelow(settled, 1000)
    }).pipe(Effect.provide(fakeServer(users(1000)))))

  it.live("through the pnpm script, relative paths are relative to where the user typed them (INIT_CWD)", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      Fs.writeFileSync(Path.join(dir, "ids.txt"), "a\n")
      const result = yield* runCli(["erase", "ids.txt", "--by", "profile-id", "--yes", "--report", "r.json"], {
        env: { EFFECT_ADAPTY_EXIT_WITH_PARENT: "1", INIT_CWD: dir }
      })
      assert.strictEqual(result.code, 0, result.stderr)
      assert.isTrue(Fs.existsSync(Path.join(dir, "r.json")))
      assert.isTrue(Fs.existsSync(Path.join(dir, "ids.txt.journal")))
    }).pipe(Effect.provide(fakeServer([{ profileId: "a" }]))))

  it.live("Ctrl-C exits 130; what was done is journaled", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      Fs.writeFileSync(file, users(500).map((p) => p.profileId).join("\n"))
      const url = yield* FakeAdaptyServer.url
      const run = start(["erase", file, "--by", "profile-id", "--yes", "--rate", "3000"], {
        env: { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: url }
      })
      const journal = `${file}.journal`
      yield* waitForJournal(journal, 20)
      run.child.kill("SIGINT")
      const result = yield* run.done
      assert.strictEqual(result.code, 130)
      const done = journalEntries(journal).length
      const store = yield* InMemoryProfiles
      // Calls in flight when the signal came were interrupted: the server may
      // have deleted those, unjournaled. The next run finds them not_found.
      const deleted = (yield* store.deleted).length
      assert.isAtLeast(deleted, done)
      assert.isAtMost(deleted - done, 8)
    }).pipe(Effect.provide(fakeServer(users(500)))))
})

describe("effect-adapty delete", () => {
  it.live("deletes one profile; a second time, not found; both exit 0", () =>
    Effect.gen(function*() {
      const first = yield* runCli(["delete", "--customer-user-id", "user-0@example.com"])
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, "deleted:")
      const second = yield* runCli(["delete", "--profile-id", "profile-user-0"])
      assert.strictEqual(second.code, 0)
      assert.include(second.stdout, "not found:")
      noIdentifiersIn(first.stdout + first.stderr + second.stdout + second.stderr, ["user-0@example.com", "profile-user-0"])
    }).pipe(Effect.provide(fakeServer(users(1)))))

  it.live("a wrong key exits 1 with one line, no stack trace", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["delete", "--profile-id", "x"], { env: { ADAPTY_API_KEY: "wrong" } })
      assert.strictEqual(result.code, 1)
      assert.include(result.stderr, "unauthorized:")
      assert.notInclude(result.stderr, "    at ")
    }).pipe(Effect.provide(fakeServer([]))))
})
