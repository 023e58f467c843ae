import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { fakeServer, idsFile, runCli, tempDir, users } from "./helpers.js"

describe("effect-adapty: --log-level after the command, as before it", () => {
  it.live("delete and erase, either order: debug lines (a retry) on standard error, the outcome alone on standard output", () =>
    Effect.gen(function*() {
      const faults = yield* FakeAdaptyServer.Faults
      const dir = tempDir()
      const runs: Array<[ReadonlyArray<string>, string]> = [
        [["--log-level", "debug", "delete", "--profile-id", "profile-user-0"], "deleted: the Adapty profile was deleted\n"],
        [["delete", "--profile-id", "profile-user-1", "--log-level", "debug"], "deleted: the Adapty profile was deleted\n"],
        [["delete", "--log-level=debug", "--profile-id", "profile-user-2"], "deleted: the Adapty profile was deleted\n"],
        [["--log-level", "debug", "erase", idsFile(dir, ["profile-user-3"], "a.txt"), "--by", "profile-id", "--yes"], "erased 1 of 1: "],
        [["erase", "--by", "profile-id", idsFile(dir, ["profile-user-4"], "b.txt"), "--yes", "--log-level", "debug"], "erased 1 of 1: "],
        [["erase", "--yes", "--log-level=debug", "--by", "profile-id", idsFile(dir, ["profile-user-5"], "c.txt")], "erased 1 of 1: "]
      ]
      for (const [args, outcome] of runs) {
        yield* faults.next({ _tag: "Status", status: 503 })
        const result = yield* runCli(args)
        assert.strictEqual(result.code, 0, `${args.join(" ")}: ${result.stderr}`)
        assert.isTrue(result.stdout.startsWith(outcome), `${args.join(" ")}: ${result.stdout}`)
        assert.strictEqual(result.stdout.split("\n").length, 2, "one line")
        assert.include(result.stderr, "level=DEBUG", args.join(" "))
        assert.include(result.stderr, "retrying", args.join(" "))
      }
      yield* faults.next({ _tag: "Status", status: 503 })
      const quiet = yield* runCli(["delete", "--profile-id", "profile-user-6", "--log-level", "warning"])
      assert.strictEqual(quiet.code, 0, quiet.stderr)
      assert.strictEqual(quiet.stderr, "", "no debug line below --log-level")
      const store = yield* InMemoryProfiles
      const sent = (yield* store.requests).length
      const bad = yield* runCli(["delete", "--profile-id", "profile-user-7", "--log-level", "loud"])
      assert.strictEqual(bad.code, 2, bad.stderr)
      assert.strictEqual((yield* store.requests).length, sent, "nothing sent")
      assert.deepStrictEqual((yield* store.remaining).map((p) => p.profileId), ["profile-user-7"])
    }).pipe(Effect.provide(fakeServer(users(8)))))
})

describe("effect-adapty delete: the identifier from standard input (-)", () => {
  it.live("one line, one trailing newline (or CRLF) removed, nothing else: the lookup rules judge the rest", () =>
    Effect.gen(function*() {
      const byUserId = yield* runCli(["delete", "--customer-user-id", "-"], { stdin: "user-0@example.com\n" })
      assert.strictEqual(byUserId.code, 0, byUserId.stderr)
      assert.strictEqual(byUserId.stdout, "deleted: the Adapty profile was deleted\n")
      const byProfileId = yield* runCli(["delete", "--profile-id=-"], { stdin: "profile-user-1\r\n" })
      assert.strictEqual(byProfileId.code, 0, byProfileId.stderr)
      assert.include(byProfileId.stdout, "deleted:")
      const noNewline = yield* runCli(["delete", "--profile-id", "-"], { stdin: "profile-user-2" })
      assert.include(noNewline.stdout, "deleted:")
      const store = yield* InMemoryProfiles
      const sent = (yield* store.requests).length

      const refused: Array<[string, string]> = [
        ["profile-user-3\nprofile-user-4\n", "profileId has a character outside printable ASCII"],
        ["profile-user-3\n\n", "profileId has leading or trailing whitespace"],
        ["profile-user-3\r", "profileId has leading or trailing whitespace"],
        [" profile-user-3\n", "profileId has leading or trailing whitespace"],
        ["profile-user-3 \n", "profileId has leading or trailing whitespace"],
        ["", "profileId is empty"],
        ["\n", "profileId is empty"],
        ["p".repeat(100_000), "profileId is longer than 4096 characters"]
      ]
      for (const [stdin, reason] of refused) {
        const result = yield* runCli(["delete", "--profile-id", "-"], { stdin })
        assert.strictEqual(result.code, 1, `${JSON.stringify(stdin.slice(0, 40))}: ${result.stderr}`)
        assert.isTrue(result.stderr.startsWith(`invalid: ${reason}`), result.stderr)
        assert.isTrue(result.stderr.endsWith("; nothing was sent\n"), result.stderr)
        assert.notInclude(result.stdout + result.stderr, "profile-user")
      }
      assert.strictEqual((yield* store.requests).length, sent, "nothing more was sent")
      assert.deepStrictEqual((yield* store.remaining).map((p) => p.profileId), ["profile-user-3", "profile-user-4"])
      assert.notInclude(byUserId.stdout + byUserId.stderr, "user-0@example.com")
    }).pipe(Effect.provide(fakeServer(users(5)))))
})
