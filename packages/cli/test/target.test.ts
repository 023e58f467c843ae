import { FakeAdaptyServer } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { apiKey, fakeServer, idsFile, runCli, start, tempDir, users } from "./helpers.js"

describe("effect-adapty erase: a journal counts for the app it was made against", () => {
  it.live("lines erased against one base URL are sent again against another, with a warning", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = idsFile(dir, users(12).map((p) => p.profileId))
      const args = ["erase", file, "--by", "profile-id", "--yes"]
      const first = yield* runCli(args)
      assert.strictEqual(first.code, 0, first.stderr)
      assert.include(first.stdout, "deleted 12")
      // The same target, written with a trailing slash: every line is skipped.
      const url = yield* FakeAdaptyServer.url
      const again = yield* start(args, { env: { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: `${url}/` } }).done
      assert.include(again.stdout, "skipped 12")
      // Another target (the same server under another name, as another app
      // would be): nothing is taken as erased there, and the run says so.
      const other = url.replace("127.0.0.1", "localhost")
      const elsewhere = yield* start(args, { env: { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: other } }).done
      assert.include(elsewhere.stdout, "skipped 0")
      assert.include(elsewhere.stdout, "not found 12")
      assert.include(elsewhere.stderr, "12 line(s) of the journal were erased against another ADAPTY_BASE_URL or API key")
      // Every identifier came back absent: what a wrong --by looks like.
      assert.include(elsewhere.stderr, "all 12 identifier(s) sent were already absent from Adapty")
    }).pipe(Effect.provide(fakeServer(users(12)))))

  it.live("--wizard is refused: it would print what is typed back", () =>
    Effect.gen(function*() {
      const result = yield* start(["--wizard"]).done
      assert.strictEqual(result.code, 2)
      assert.include(result.stderr, "--wizard is not available")
    }))
})
