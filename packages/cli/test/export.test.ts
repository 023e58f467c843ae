import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { apiKey, fakeServer, idsFile, journalEntries, readJson, runCli, start, tempDir, users, waitForJournal } from "./helpers.js"

/** OUT's lines, parsed. */
const outLines = (path: string): Array<{ line: number; profile: Record<string, unknown> }> =>
  Fs.readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l))

const noIdentifiersIn = (text: string, ids: ReadonlyArray<string>) => {
  for (const id of ids) assert.notInclude(text, id)
  assert.notInclude(text, apiKey)
}

const people = users(4).map((p, i) => ({ ...p, totalRevenueUsd: i + 0.5 }))

describe("effect-adapty export", () => {
  it.live("a mixed file: exactly the profiles found in OUT (mode 0600), not found and invalid lines by number only", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const ids = [
        people[0]!.customerUserId,
        "ghost@example.com",
        " bad",
        people[2]!.customerUserId,
        "",
        "nobody@example.com",
        people[1]!.customerUserId
      ]
      const file = idsFile(dir, ids)
      const out = Path.join(dir, "profiles.jsonl")
      const report = Path.join(dir, "report.json")
      const result = yield* runCli(["export", file, "--by", "customer-user-id", "--out", out, "--yes", "--report", report])
      assert.strictEqual(result.code, 1, "an invalid line: exit 1")
      assert.include(result.stdout, "exported 3 profile(s) of 6 line(s): not found 2, skipped 0 (exported before), invalid 1")
      assert.strictEqual(Fs.statSync(out).mode & 0o777, 0o600)
      const written = outLines(out).sort((a, b) => a.line - b.line)
      assert.deepStrictEqual(written.map((w) => w.line), [1, 4, 7])
      assert.deepStrictEqual(written.map((w) => w.profile.customer_user_id), [
        people[0]!.customerUserId,
        people[2]!.customerUserId,
        people[1]!.customerUserId
      ])
      assert.deepStrictEqual(written.map((w) => w.profile.total_revenue_usd), [0.5, 2.5, 1.5])
      assert.strictEqual(written[0]!.profile.profile_id, people[0]!.profileId)
      const json = readJson(report)
      assert.strictEqual(json.command, "export")
      assert.deepStrictEqual(json.totals, { exported: 3, notFound: 2, invalid: 1, failed: 0, skipped: 0 })
      assert.deepStrictEqual(json.problems.map((p: { line: number; outcome: string }) => [p.line, p.outcome]), [
        [2, "not_found"],
        [3, "invalid"],
        [6, "not_found"]
      ])
      const journal = journalEntries(`${file}.export.journal`) as Array<{ line: number; outcome: string; job?: string }>
      assert.strictEqual(journal.length, 6)
      assert.isTrue(journal.every((e) => e.job === "export"))
      assert.isFalse(Fs.existsSync(`${file}.journal`), "not erase's journal")
      noIdentifiersIn(
        result.stdout + result.stderr + Fs.readFileSync(report, "utf8") + Fs.readFileSync(`${file}.export.journal`, "utf8"),
        [...people.map((p) => p.customerUserId), ...people.map((p) => p.profileId), "ghost", "nobody", "bad"]
      )
      // Nothing is deleted by an export.
      assert.strictEqual((yield* (yield* InMemoryProfiles).remaining).length, 4)
    }).pipe(Effect.provide(fakeServer(people))))

  it.live("OUT is never clobbered: an existing OUT, OUT as FILE, OUT missing on resume, an erasure's journal", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = idsFile(dir, [people[0]!.profileId])
      const out = Path.join(dir, "out.jsonl")
      Fs.writeFileSync(out, "someone else's data\n")
      const args = (o: string, ...more: Array<string>) => ["export", file, "--by", "profile-id", "--out", o, "--yes", ...more]
      const existing = yield* runCli(args(out))
      assert.strictEqual(existing.code, 2, existing.stderr)
      assert.include(existing.stderr, "never overwrites")
      assert.strictEqual(Fs.readFileSync(out, "utf8"), "someone else's data\n")
      const asInput = yield* runCli(args(file))
      assert.strictEqual(asInput.code, 2)
      assert.include(asInput.stderr, "is the input file")
      const asJournal = yield* runCli(args(`${file}.export.journal`))
      assert.strictEqual(asJournal.code, 2)
      assert.include(asJournal.stderr, "is the journal")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [], "nothing sent")

      // A journal that says lines were exported to an OUT that is gone.
      const fresh = Path.join(dir, "fresh.jsonl")
      const first = yield* runCli(args(fresh))
      assert.strictEqual(first.code, 0, first.stderr)
      Fs.rmSync(fresh)
      const gone = yield* runCli(args(fresh))
      assert.strictEqual(gone.code, 2)
      assert.include(gone.stderr, "is missing, but the journal records 1 line(s) exported")

      // An erasure's journal is not an export's, nor the other way round.
      const erased = Path.join(dir, "erase.journal")
      const erase = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--journal", erased, "--dry-run"])
      assert.strictEqual(erase.code, 0, erase.stderr)
      Fs.writeFileSync(erased, `${JSON.stringify({ line: 1, fp: "0123456789abcdef", outcome: "deleted" })}\n`)
      const mixed = yield* runCli(args(Path.join(dir, "other.jsonl"), "--journal", erased))
      assert.strictEqual(mixed.code, 2)
      assert.include(mixed.stderr, "is an erasure's journal")
      const back = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--journal", `${file}.export.journal`])
      assert.strictEqual(back.code, 2)
      assert.include(back.stderr, "is an export's journal")
      assert.strictEqual((yield* (yield* InMemoryProfiles).remaining).length, 4)
    }).pipe(Effect.provide(fakeServer(people))))

  it.live("a run stopped by a refused key, then the same command: done lines skipped, OUT appended to", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      // The fourth call is refused: the run stops after three.
      yield* faults.script([undefined, undefined, undefined, { _tag: "Status", status: 401 }])
      const dir = tempDir()
      const file = idsFile(dir, people.map((p) => p.profileId))
      const out = Path.join(dir, "out.jsonl")
      const report = Path.join(dir, "r.json")
      const args = ["export", file, "--by", "profile-id", "--out", out, "--yes", "--concurrency", "1", "--report", report]
      const first = yield* runCli(args)
      assert.strictEqual(first.code, 1)
      assert.include(first.stderr, "Adapty refused the API key")
      assert.deepStrictEqual(outLines(out).map((l) => l.line), [1, 2, 3])
      const second = yield* runCli(args)
      assert.strictEqual(second.code, 0, second.stderr)
      assert.deepStrictEqual(readJson(report).totals, { exported: 1, notFound: 0, invalid: 0, failed: 0, skipped: 3 })
      assert.deepStrictEqual(outLines(out).map((l) => l.line), [1, 2, 3, 4])
      assert.strictEqual(Fs.statSync(out).mode & 0o777, 0o600)
    }).pipe(Effect.provide(fakeServer(people))))

  it.live("kill -9 in the middle, then the same command: every profile in OUT, a torn last line cut off", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const many = users(600)
      const file = idsFile(dir, many.map((p) => p.customerUserId))
      const out = Path.join(dir, "out.jsonl")
      const env = { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: yield* FakeAdaptyServer.url }
      const args = ["export", file, "--by", "customer-user-id", "--out", out, "--yes", "--concurrency", "4"]
      const first = start([...args, "--rate", "6000"], { env })
      yield* waitForJournal(`${file}.export.journal`, 100)
      first.child.kill("SIGKILL")
      assert.strictEqual((yield* first.done).signal, "SIGKILL")
      const before = outLines(out).length
      assert.isBelow(before, 600, "killed before the end")
      // As a kill in the middle of a write would leave it.
      Fs.appendFileSync(out, "{\"line\":9999,\"profile\":{\"app_id\"")
      const second = yield* start(args, { env }).done
      assert.strictEqual(second.code, 0, second.stderr)
      const lines = outLines(out)
      const perLine = new Map<number, number>()
      for (const l of lines) perLine.set(l.line, (perLine.get(l.line) ?? 0) + 1)
      assert.strictEqual(perLine.size, 600, "every profile exported")
      assert.isFalse(perLine.has(9999))
      assert.isAtMost(lines.length - 600, 4, "at most --concurrency lines twice")
      for (const l of lines) assert.strictEqual(l.profile.customer_user_id, many[l.line - 1]!.customerUserId)
    }).pipe(Effect.provide(fakeServer(users(600)))))

  it.live("--dry-run checks FILE and sends nothing, creating no OUT; SIGTERM exits 143 with a partial report, OUT kept", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const many = users(400)
      const file = idsFile(dir, [...many.map((p) => p.profileId), " bad"])
      const out = Path.join(dir, "out.jsonl")
      const dry = yield* runCli(["export", file, "--by", "profile-id", "--out", out, "--dry-run"])
      assert.strictEqual(dry.code, 1, dry.stderr)
      assert.include(dry.stdout, "dry run: would export 400 identifier(s); 0 already exported per the journal; 1 invalid (line 401)")
      assert.isFalse(Fs.existsSync(out))
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])

      const report = Path.join(dir, "r.json")
      const run = start(["export", file, "--by", "profile-id", "--out", out, "--yes", "--rate", "3000", "--report", report], {
        env: { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: yield* FakeAdaptyServer.url }
      })
      yield* waitForJournal(`${file}.export.journal`, 20)
      run.child.kill("SIGTERM")
      const result = yield* run.done
      assert.strictEqual(result.code, 143, result.stderr)
      assert.match(result.stdout, /^terminated: exported \d+ profile\(s\) of the \d+ line\(s\) done so far/)
      const json = readJson(report)
      assert.isTrue(json.partial)
      assert.strictEqual(json.stopped, "terminated")
      const exported = outLines(out).length
      assert.isAtLeast(exported, 20)
      assert.strictEqual(json.totals.exported, exported)
    }).pipe(Effect.provide(fakeServer(users(400)))))
})
