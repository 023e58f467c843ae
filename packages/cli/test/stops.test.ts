import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { fakeServer, idsFile, journalEntries, readJson, runCli, serverEnv, start, tempDir, users, waitForJournal } from "./helpers.js"

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

const input = (dir: string, n: number) => idsFile(dir, users(n).map((p) => p.profileId))

describe("effect-adapty erase: every exit says why", () => {
  it.live("a journal that cannot be written (a file size limit): the run stops, summary so far, one line, exit 1; the next run heals and finishes", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 500)
      const report = Path.join(dir, "r.json")
      // 20 blocks of 512 bytes: about 100 journal lines. Node ignores SIGXFSZ, so the write fails with EFBIG.
      const full = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--report", report], {
        shell: `ulimit -f 20; exec "$@"`
      })
      assert.strictEqual(full.code, 1, full.stderr)
      assert.match(full.stdout, /^stopped: erased (\d+) of the \1 line\(s\) done so far: .*; the rest was not sent\n$/)
      assert.include(full.stderr, `error: cannot write to the journal ${file}.journal (EFBIG: file too large, write)`)
      const partial = readJson(report)
      assert.strictEqual(partial.partial, true)
      assert.strictEqual(partial.stopped, "journal-write-failed")
      const sent = (yield* (yield* InMemoryProfiles).requests).length
      const journaled = Fs.readFileSync(`${file}.journal`, "utf8").split("\n").length - 1
      assert.isAtMost(sent, journaled + 8, "it stopped sending: at most --concurrency sent but not journaled")

      const again = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--report", report])
      assert.strictEqual(again.code, 0, again.stderr)
      const entries = journalEntries(`${file}.journal`)
      assert.deepStrictEqual(new Set(entries.map((e) => e.line)).size, 500)
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
    }).pipe(Effect.provide(fakeServer(users(500)))))

  it.live("--concurrency and --rate out of bounds are usage errors (exit 2, one line), not a crash", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 2)
      for (
        const [args, message] of [
          [["--concurrency", "100000000"], "--concurrency must be between 1 and 1024"],
          [["--concurrency", "1025"], "--concurrency must be between 1 and 1024"],
          [["--rate", "0"], "--rate must be a whole number of requests per minute between 1 and 1000000"],
          [["--rate", "2000000"], "--rate must be a whole number of requests per minute between 1 and 1000000"]
        ] as const
      ) {
        const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", ...args])
        assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
        assert.strictEqual(result.stderr, `error: ${message}\n`)
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer(users(2)))))

  it.live("a defect (a bug) prints one line, its name (and a system error's message), never an identifier; exit 70", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 2)
      const plain = yield* runCli(["erase", file, "--by", "profile-id", "--yes"], { nodeArgs: ["--import", fixture("break-hash.mjs")] })
      assert.strictEqual(plain.code, 70, plain.stderr)
      assert.strictEqual(plain.stderr, "internal error (a bug in effect-adapty; nothing more was sent): TypeError\n")
      const system = yield* runCli(["erase", file, "--by", "profile-id", "--yes"], {
        nodeArgs: ["--import", fixture("break-hash.mjs")],
        env: { EFFECT_ADAPTY_TEST_DEFECT: "system" }
      })
      assert.strictEqual(system.code, 70, system.stderr)
      assert.strictEqual(
        system.stderr,
        "internal error (a bug in effect-adapty; nothing more was sent): ENOSPC: no space left on device, write\n"
      )
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer(users(2)))))
})

describe("effect-adapty erase: Ctrl-C and SIGTERM", () => {
  for (const [signal, code, stopped] of [["SIGINT", 130, "interrupted"], ["SIGTERM", 143, "terminated"]] as const) {
    it.live(`${signal}: the summary so far, the report marked partial (${stopped}), exit ${code}, no lock left`, () =>
      Effect.gen(function*() {
        const dir = tempDir()
        const file = input(dir, 1000)
        const report = Path.join(dir, "r.json")
        const run = start(["erase", file, "--by", "profile-id", "--yes", "--rate", "3000", "--report", report], {
          env: yield* serverEnv
        })
        yield* waitForJournal(`${file}.journal`, 20)
        run.child.kill(signal)
        const result = yield* run.done
        assert.strictEqual(result.code, code, result.stderr)
        assert.match(result.stdout, new RegExp(`^${stopped}: erased (\\d+) of the \\1 line\\(s\\) done so far: `))
        const written = readJson(report)
        assert.strictEqual(written.partial, true)
        assert.strictEqual(written.stopped, stopped)
        const journaled = journalEntries(`${file}.journal`).length
        assert.strictEqual(written.totals.deleted, journaled)
        assert.isFalse(Fs.existsSync(`${file}.journal.lock`), "the lock is released")
      }).pipe(Effect.provide(fakeServer(users(1000)))))
  }

  it.live("a second run on a journal in use gives up within about 10 s, says why, and leaves no lock of its own", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 1000)
      const env = yield* serverEnv
      const first = start(["erase", file, "--by", "profile-id", "--yes", "--rate", "3000"], { env })
      const lock = `${file}.journal.lock`
      yield* waitForJournal(`${file}.journal`, 5)
      const startedAt = Date.now()
      const second = yield* start(["erase", file, "--by", "profile-id", "--yes"], { env }).done
      const waited = Date.now() - startedAt
      assert.strictEqual(second.code, 2, second.stderr)
      assert.include(second.stderr, `the journal ${file}.journal is in use by another effect-adapty run (see ${lock})`)
      assert.isBelow(waited, 14_000, "gave up after 10 s (plus start-up)")
      assert.strictEqual(Fs.readFileSync(lock, "utf8"), String(first.child.pid), "the first run's lock, untouched")
      first.child.kill("SIGINT")
      const firstResult = yield* first.done
      assert.strictEqual(firstResult.code, 130)
      assert.isFalse(Fs.existsSync(lock))
    }).pipe(Effect.provide(fakeServer(users(1000)))))
})
