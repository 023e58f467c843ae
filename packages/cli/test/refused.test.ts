import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Path from "node:path"
import { apiKey, fakeServer, idsFile, journalEntries, readJson, runCli, type StartOptions, tempDir, users } from "./helpers.js"

const input = (dir: string, n: number) => idsFile(dir, users(n).map((p) => p.profileId))

/** Erases 100 lines against the fake server, whose first answer is a 429 asking to wait 3 seconds. */
const pausedErasure = (options?: StartOptions) =>
  Effect.gen(function*() {
    const faults = yield* FakeAdaptyServer.Faults
    yield* faults.next({ _tag: "RateLimited", retryAfter: 3 })
    return yield* runCli(["erase", input(tempDir(), 100), "--by", "profile-id", "--yes"], options)
  })

describe("effect-adapty erase: a failure that would repeat on every line stops the run", () => {
  it.live("a refused key: a few requests, not 2,000; exit 1 and why; the lines stay pending and the right key finishes them", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = input(dir, 2000)
      const report = Path.join(dir, "r.json")
      const args = ["erase", file, "--by", "profile-id", "--yes", "--concurrency", "8", "--report", report]
      const refused = yield* runCli(args, { env: { ADAPTY_API_KEY: "wrong-key" } })
      assert.strictEqual(refused.code, 1, refused.stderr)
      assert.match(refused.stdout, /^stopped: erased 0 of the 0 line\(s\) done so far: /)
      assert.include(
        refused.stderr,
        "error: Adapty refused the API key (HTTP 401): check ADAPTY_API_KEY or --api-key-file; 2000 line(s) not sent: run the same command again to finish them"
      )
      assert.isTrue(refused.stderr.endsWith("to finish them\n"), "the last line says why; no blank line after it")
      assert.notInclude(refused.stdout + refused.stderr, "wrong-key")
      const faults = yield* FakeAdaptyServer.Faults
      assert.isAtMost(yield* faults.requestCount, 8 + 4, "the calls in flight, and nothing more")
      assert.deepStrictEqual(journalEntries(`${file}.journal`), [], "no line journaled: all still pending")
      const partial = readJson(report)
      assert.strictEqual(partial.partial, true)
      assert.strictEqual(partial.stopped, "key-refused")

      const fixed = yield* runCli(args, { env: { ADAPTY_API_KEY: apiKey } })
      assert.strictEqual(fixed.code, 0, fixed.stderr)
      assert.include(fixed.stdout, "erased 2000 of 2000: deleted 2000")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
    }).pipe(Effect.provide(fakeServer(users(2000)))))

  it.live("a base URL that is not Adapty's API (bare 404 pages): stops after a few failures in a row, says to check it", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      yield* faults.next({ _tag: "Html", status: 404 }, { times: Infinity })
      const dir = tempDir()
      const file = input(dir, 500)
      const report = Path.join(dir, "r.json")
      const result = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--concurrency", "4", "--report", report])
      assert.strictEqual(result.code, 1, result.stderr)
      assert.match(result.stdout, /^stopped: /)
      assert.include(result.stderr, "calls in a row failed; the server does not answer as Adapty's API does (check ADAPTY_BASE_URL)")
      assert.include(result.stderr, "line(s) not sent: run the same command again to finish them")
      assert.isBelow(yield* faults.requestCount, 40)
      assert.isTrue(journalEntries(`${file}.journal`).every((e) => e.outcome === "failed"), "none counted as erased")
      assert.include(readJson(report).problems[0].reason, "HTTP 404 without Adapty's answer: the profile may still exist")
    }).pipe(Effect.provide(fakeServer(users(500)))))
})

describe("effect-adapty erase: rate limits are shown, and a long one ends the run", () => {
  it.live("a Retry-After past --max-rate-limit-pause (default 10 minutes) ends the run cleanly, saying so", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      const dir = tempDir()
      const file = input(dir, 300)
      yield* faults.next({ _tag: "RateLimited", retryAfter: 3600 })
      const defaultCap = yield* runCli(["erase", file, "--by", "profile-id", "--yes"]).pipe(Effect.timeout("60 seconds"))
      assert.strictEqual(defaultCap.code, 1, defaultCap.stderr)
      assert.include(
        defaultCap.stderr,
        "error: Adapty's rate limit asked to wait 1h0m0s, longer than the longest pause allowed (--max-rate-limit-pause 10m0s)"
      )
      assert.include(defaultCap.stderr, "line(s) not sent: run the same command again later to finish them")

      yield* faults.next({ _tag: "RateLimited", retryAfter: 30 })
      const ownCap = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--max-rate-limit-pause", "5s"]).pipe(
        Effect.timeout("60 seconds")
      )
      assert.strictEqual(ownCap.code, 1, ownCap.stderr)
      assert.include(ownCap.stderr, "asked to wait 30s, longer than the longest pause allowed (--max-rate-limit-pause 5s)")

      const bad = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--max-rate-limit-pause", "ten minutes"])
      assert.strictEqual(bad.code, 2, bad.stderr)
    }).pipe(Effect.provide(fakeServer(users(300)))))

  it.live("a shorter pause is shown at once, and the run goes on to the end", () =>
    Effect.gen(function*() {
      const startedAt = Date.now()
      const result = yield* pausedErasure()
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stderr, "progress: rate limited by Adapty, resuming in 3s\n")
      assert.include(result.stdout, "erased 100 of 100: deleted 100")
      assert.isAtLeast(Date.now() - startedAt, 3000, "the pause was kept")
    }).pipe(Effect.provide(fakeServer(users(100)))))

  it.live("on a terminal, the bar counts the pause down once a second", () =>
    Effect.gen(function*() {
      const result = yield* pausedErasure({ terminal: true })
      assert.strictEqual(result.code, 0, result.stdout)
      for (const left of ["3s", "2s", "1s"]) assert.include(result.stdout, `| rate limited by Adapty, resuming in ${left}`)
      assert.include(result.stdout, "erased 100 of 100: deleted 100")
    }).pipe(Effect.provide(fakeServer(users(100)))))
})

describe("effect-adapty delete", () => {
  it.live("a 404 that is not Adapty's answer is not 'not found': exit 1, check ADAPTY_BASE_URL", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      yield* faults.next({ _tag: "Html", status: 404 })
      const result = yield* runCli(["delete", "--profile-id", "profile-user-0"])
      assert.strictEqual(result.code, 1, result.stderr)
      assert.include(result.stderr, "the server does not answer as Adapty's API does (check ADAPTY_BASE_URL)")
      assert.notInclude(result.stdout, "not found")
      assert.deepStrictEqual((yield* (yield* InMemoryProfiles).remaining).length, 1)
    }).pipe(Effect.provide(fakeServer(users(1)))))
})
