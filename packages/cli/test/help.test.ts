import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import { apiKey, idsFile, start, tempDir } from "./helpers.js"

/** An ANSI style (a color, bold): what NO_COLOR and a pipe do without. */
const style = /\x1b\[[0-9;]*m/

const help = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => start(args, { env }).done

describe("effect-adapty --help", () => {
  it.live("the root's and each command's: environment, exit codes, examples; no escape when piped", () =>
    Effect.gen(function*() {
      for (const args of [["--help"], ["delete", "--help"], ["get", "--help"], ["erase", "--help"], ["erase", "-h"]]) {
        const result = yield* help(args)
        assert.strictEqual(result.code, 0, `${args.join(" ")}: ${result.stderr}`)
        assert.notInclude(result.stdout, "\x1b[", `${args.join(" ")}: no escape sequence at all`)
        for (
          const text of [
            "ADAPTY_API_KEY   Adapty's secret API key",
            "Or --api-key-file PATH; not both",
            "ADAPTY_BASE_URL  Adapty's server-side API (default https://api.adapty.io)",
            "NO_COLOR",
            "EXIT CODES",
            "0    every identifier erased: deleted, or already absent",
            "1    some identifier not erased",
            "2    usage or configuration error",
            "70   internal error",
            "130  interrupted by SIGINT",
            "143  terminated by SIGTERM",
            "--log-level LEVEL, before or after the command (default info)",
            "EXAMPLES"
          ]
        ) assert.include(result.stdout, text, args.join(" "))
      }
    }))

  it.live("erase --help: FILE as what it is, and every default", () =>
    Effect.gen(function*() {
      const { stdout } = yield* help(["erase", "--help"])
      for (
        const text of [
          "the file of identifiers to erase: one per line (blank lines skipped), or a CSV with a header row",
          "--concurrency N",
          "requests in flight at once, 1 to 1024 (default: 8)",
          "--rate N",
          "(default: no limit but --concurrency;",
          "--journal PATH",
          "(default: FILE.journal for a regular file; none for anything read once)",
          "(default: no report)",
          "--max-rate-limit-pause DURATION",
          "at most 24h (default: 10m)",
          "(default: one identifier per line)",
          "(default: the key comes from ADAPTY_API_KEY)",
          "(default: ask on a terminal; without a terminal, or with FILE -, --yes is required)",
          "HOW IT RUNS",
          "effect-adapty erase users.txt --by customer-user-id --dry-run"
        ]
      ) assert.include(stdout, text)
      assert.notInclude(stdout, "effect-adapty delete --profile-id -", "the examples are erase's")
    }))

  it.live("delete --help: a value on the command line is visible in ps and the shell's history; - reads standard input", () =>
    Effect.gen(function*() {
      const { stdout } = yield* help(["delete", "--help"])
      assert.include(stdout, "A value given on the command line is visible to other users of this machine (ps)")
      assert.include(stdout, "prefer - to read the identifier from standard input")
      assert.include(stdout, "--customer-user-id ID")
      assert.include(stdout, "- reads it from standard input (one trailing newline is ignored)")
      assert.include(stdout, "printf '%s\\n' \"$USER_ID\" | effect-adapty delete --customer-user-id -")
    }))

  it.live("export --help: OUT holds personal data, is created 0600, and carries only the model's fields; get --help too", () =>
    Effect.gen(function*() {
      const { stdout } = yield* help(["export", "--help"])
      for (
        const text of [
          "--out OUT",
          "OUT holds personal data: it is created readable by its owner only (mode 0600), never overwritten",
          "fields Adapty sends beyond its OpenAPI file are not carried",
          "(default: FILE.export.journal for a regular file; none for anything read once)",
          "every line not exported: not found, invalid or failed (line number and reason)",
          "effect-adapty export requests.txt --by customer-user-id --out profiles.jsonl --dry-run"
        ]
      ) assert.include(stdout, text)
      const get = yield* help(["get", "--help"])
      assert.include(get.stdout, "Fields Adapty sends beyond its OpenAPI file are not carried")
      assert.include(get.stdout, "effect-adapty get --customer-user-id -")
    }))

  it.live("export asks first on a terminal: answered no, nothing is sent and no OUT is created", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = idsFile(dir, ["a", "b"])
      const out = `${dir}/out.jsonl`
      const run = start(["export", file, "--by", "profile-id", "--out", out], {
        terminal: true,
        env: { NO_COLOR: "1", ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: "http://127.0.0.1:9" }
      })
      yield* run.printed("Export 2 Adapty profile(s)")
      run.child.stdin!.end("n")
      const answered = yield* run.done
      assert.strictEqual(answered.code, 1, answered.stdout)
      assert.include(answered.stdout, "aborted: nothing was sent")
      assert.isFalse(Fs.existsSync(out))
    }))

  it.live("on a terminal: styles, unless NO_COLOR is set and not empty (help, and the question)", () =>
    Effect.gen(function*() {
      const styled = yield* start(["--help"], { terminal: true }).done
      assert.strictEqual(styled.code, 0, styled.stdout)
      assert.match(styled.stdout, style, "a terminal gets styles")
      const empty = yield* start(["--help"], { terminal: true, env: { NO_COLOR: "" } }).done
      assert.match(empty.stdout, style, "an empty NO_COLOR is no NO_COLOR")
      const plain = yield* start(["--help"], { terminal: true, env: { NO_COLOR: "1" } }).done
      assert.strictEqual(plain.code, 0, plain.stdout)
      assert.include(plain.stdout, "EXIT CODES")
      assert.notMatch(plain.stdout, style)

      // The question before an erasure: answered "n", nothing is sent.
      const dir = tempDir()
      const file = idsFile(dir, ["a", "b"])
      const run = start(["erase", file, "--by", "profile-id"], {
        terminal: true,
        env: { NO_COLOR: "1", ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: "http://127.0.0.1:9" }
      })
      yield* run.printed("Erase 2 Adapty profile(s)")
      run.child.stdin!.end("n")
      const answered = yield* run.done
      assert.strictEqual(answered.code, 1, answered.stdout)
      assert.include(answered.stdout, "aborted: nothing was sent")
      assert.notMatch(answered.stdout, style)
    }))

  it.live("a value the parser cannot use is not echoed back: it may be an identifier", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = idsFile(dir, ["p-1"])
      for (
        const args of [
          ["delete", "--profile-id", "p-1", "jane@example.com"],
          ["erase", file, "--by", "profile-id", "--dry-run", "--concurrency", "jane@example.com"]
        ]
      ) {
        const result = yield* start(args, { env: { ADAPTY_API_KEY: apiKey } }).done
        assert.strictEqual(result.code, 2, args.join(" "))
        assert.notInclude(result.stdout + result.stderr, "jane@example.com")
        assert.include(result.stderr, "not shown")
      }
    }))
})
