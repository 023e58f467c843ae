import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { apiKey, fakeServer, idsFile, runCli, start, tempDir, users } from "./helpers.js"

/** No key in the environment: an empty ADAPTY_API_KEY is none. */
const noEnvironmentKey = { ADAPTY_API_KEY: "" }

const keyFile = (dir: string, content: string | Uint8Array, name = "adapty_api_key") => {
  const file = Path.join(dir, name)
  Fs.writeFileSync(file, content)
  return file
}

describe("effect-adapty --api-key-file", () => {
  it.live("reads the key from a file (one trailing newline or CRLF ignored), for delete and erase; never prints it", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const withNewline = keyFile(dir, `${apiKey}\n`, "lf")
      const deleted = yield* runCli(["delete", "--profile-id", "profile-user-0", "--api-key-file", withNewline], {
        env: noEnvironmentKey
      })
      assert.strictEqual(deleted.code, 0, deleted.stderr)
      assert.include(deleted.stdout, "deleted:")

      const withCrlf = keyFile(dir, `${apiKey}\r\n`, "crlf")
      const file = idsFile(dir, ["profile-user-1", "profile-user-2"])
      const erased = yield* runCli(["erase", file, "--by", "profile-id", "--yes", "--api-key-file", withCrlf], {
        env: noEnvironmentKey
      })
      assert.strictEqual(erased.code, 0, erased.stderr)
      assert.include(erased.stdout, "erased 2 of 2: deleted 2")
      assert.notInclude(deleted.stdout + deleted.stderr + erased.stdout + erased.stderr, apiKey)
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
    }).pipe(Effect.provide(fakeServer(users(3)))))

  it.live("a file that does not hold one key, or a key also in ADAPTY_API_KEY: exit 2, the key not quoted, nothing sent", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const secret = "SECRET-in-the-file"
      const cases: Array<[string, string]> = [
        [keyFile(dir, `${secret}\n\n`, "two-newlines"), "printable ASCII characters without edge whitespace"],
        [keyFile(dir, ` ${secret}\n`, "leading-space"), "printable ASCII characters without edge whitespace"],
        [keyFile(dir, `${secret} \n`, "trailing-space"), "printable ASCII characters without edge whitespace"],
        [keyFile(dir, `${secret}\u0007x`, "control"), "printable ASCII characters without edge whitespace"],
        [keyFile(dir, `${secret}\r`, "lone-cr"), "printable ASCII characters without edge whitespace"],
        [keyFile(dir, "", "empty"), "1 to 4096 printable ASCII characters"],
        [keyFile(dir, "\n", "newline-only"), "1 to 4096 printable ASCII characters"],
        [keyFile(dir, secret.repeat(1000), "long"), "1 to 4096 printable ASCII characters"],
        [Path.join(dir, "missing"), "cannot read it (ENOENT)"],
        [dir, "cannot read it (EISDIR)"]
      ]
      const erase = ["erase", idsFile(dir, ["profile-user-0"]), "--by", "profile-id", "--yes"]
      // Every case for delete; erase reads the key the same way.
      const runs = [
        ...cases.map(([file, why]) => [["delete", "--profile-id", "profile-user-0"], file, why] as const),
        [erase, cases[0]![0], cases[0]![1]] as const,
        [erase, cases[8]![0], cases[8]![1]] as const
      ]
      for (const [args, file, why] of runs) {
        const result = yield* runCli([...args, "--api-key-file", file], { env: noEnvironmentKey })
        assert.strictEqual(result.code, 2, `${file}: ${result.stderr}`)
        assert.strictEqual(result.stdout, "")
        assert.match(result.stderr, new RegExp(`^error: --api-key-file ${file}: .*${why.replace(/[()]/g, "\\$&")}`), file)
        assert.notInclude(result.stderr, "SECRET", file)
      }

      const good = keyFile(dir, apiKey)
      for (const args of [["delete", "--profile-id", "profile-user-0"], ["erase", idsFile(dir, ["profile-user-0"]), "--by", "profile-id", "--yes"]]) {
        const both = yield* runCli([...args, "--api-key-file", good])
        assert.strictEqual(both.code, 2, both.stderr)
        assert.strictEqual(both.stderr, "error: both ADAPTY_API_KEY and --api-key-file are set: use one (unset ADAPTY_API_KEY, or drop --api-key-file)\n")
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer(users(1)))))
})

describe("effect-adapty --api-key-file -", () => {
  it.live("reads the key from standard input; not together with identifiers from it (exit 2, nothing sent)", () =>
    Effect.gen(function*() {
      const fromStdin = yield* runCli(["delete", "--profile-id", "profile-user-0", "--api-key-file", "-"], {
        env: noEnvironmentKey,
        stdin: `${apiKey}\n`
      })
      assert.strictEqual(fromStdin.code, 0, fromStdin.stderr)
      assert.include(fromStdin.stdout, "deleted:")
      const store = yield* InMemoryProfiles
      const sent = (yield* store.requests).length
      for (
        const args of [
          ["delete", "--profile-id", "-", "--api-key-file", "-"],
          ["delete", "--customer-user-id=-", "--api-key-file", "/dev/stdin"],
          ["erase", "-", "--by", "profile-id", "--yes", "--api-key-file", "-"],
          ["erase", "--by", "profile-id", "--yes", "--api-key-file=-", "-"]
        ]
      ) {
        const result = yield* runCli(args, { env: noEnvironmentKey, stdin: `${apiKey}\nprofile-user-1\n` })
        assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
        assert.strictEqual(
          result.stderr,
          "error: standard input cannot hold both the API key (--api-key-file -) and the identifiers\n"
        )
      }
      assert.strictEqual((yield* store.requests).length, sent)
    }).pipe(Effect.provide(fakeServer(users(2)))))
})

describe("effect-adapty: the key is checked before anything else", () => {
  it.live("erase without a key: the error is the first and only output (no count, no question, no journal); --dry-run needs none", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = idsFile(dir, users(3).map((p) => p.profileId))
      const missing = "error: no API key: set ADAPTY_API_KEY, or give --api-key-file PATH\n"
      for (const args of [["erase", file, "--by", "profile-id"], ["erase", file, "--by", "profile-id", "--yes"], ["delete", "--profile-id", "-"]]) {
        const result = yield* runCli(args, { env: noEnvironmentKey, stdin: "profile-user-0\n" })
        assert.strictEqual(result.code, 2, result.stderr)
        assert.strictEqual(result.stdout, "")
        assert.strictEqual(result.stderr, missing)
      }
      // On a terminal, it does not ask first.
      const onTerminal = yield* start(["erase", file, "--by", "profile-id"], { terminal: true, env: noEnvironmentKey }).done
      assert.strictEqual(onTerminal.code, 2, onTerminal.stdout)
      assert.strictEqual(onTerminal.stdout, missing.replace("\n", "\r\n"))
      assert.isFalse(Fs.existsSync(`${file}.journal`))

      const dryRun = yield* runCli(["erase", file, "--by", "profile-id", "--dry-run"], { env: noEnvironmentKey })
      assert.strictEqual(dryRun.code, 0, dryRun.stderr)
      assert.include(dryRun.stdout, "dry run: would erase 3 identifier(s)")

      const badKey = yield* runCli(["erase", file, "--by", "profile-id", "--yes"], { env: { ADAPTY_API_KEY: `${apiKey}\n` } })
      assert.strictEqual(badKey.code, 2, badKey.stderr)
      assert.match(badKey.stderr, /^error: ADAPTY_API_KEY: the API key must be 1 to 4096 printable ASCII characters/)
      assert.notInclude(badKey.stderr, apiKey)
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer(users(3)))))
})
