import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { execFile } from "node:child_process"
import { createServer } from "node:http"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../delete-profile.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url))

/** Runs the example as a user would, in a child process. */
const runExample = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.async<{ code: number; stdout: string; stderr: string }>((resume) => {
    const { ADAPTY_API_KEY: _key, ADAPTY_BASE_URL: _url, ...base } = process.env
    execFile(tsx, [script, ...args], { env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resume(Effect.succeed({ code: error === null ? 0 : (error.code as number), stdout, stderr }))
    })
  })

describe("examples/delete-profile.ts", () => {
  it.live("without ADAPTY_API_KEY, deletes a demo profile on the embedded fake and says so", () =>
    Effect.gen(function*() {
      const result = yield* runExample(["--customer-user-id", "demo-user-1"])
      assert.strictEqual(result.code, 0)
      assert.include(result.stdout, "embedded fake Adapty server")
      assert.include(result.stdout, "deleted: the Adapty profile was deleted")
      assert.notInclude(result.stdout + result.stderr, "    at ")
    }))

  it.live("an unknown profile is one 'not found' line", () =>
    Effect.gen(function*() {
      const result = yield* runExample(["--profile-id", "no-such-profile"])
      assert.strictEqual(result.code, 0)
      assert.include(result.stdout, "not found:")
      assert.notInclude(result.stdout + result.stderr, "no-such-profile")
    }))

  it.live("a bad identifier is rejected before anything is sent, without echoing it", () =>
    Effect.gen(function*() {
      const result = yield* runExample(["--customer-user-id", " jane@example.com"])
      assert.strictEqual(result.code, 1)
      assert.include(result.stderr, "invalid: customerUserId has leading or trailing whitespace")
      assert.notInclude(result.stdout + result.stderr, "jane")
    }))

  it.live("no identifier, or both, prints the usage and exits 2", () =>
    Effect.gen(function*() {
      for (const args of [[], ["--profile-id", "a", "--customer-user-id", "b"], ["--bogus"]]) {
        const result = yield* runExample(args)
        assert.strictEqual(result.code, 2)
        assert.include(result.stderr, "usage:")
      }
    }))

  it.live("with ADAPTY_API_KEY it calls ADAPTY_BASE_URL: deleted, unauthorized", () =>
    Effect.gen(function*() {
      const url = yield* FakeAdaptyServer.url
      const ok = yield* runExample(["--profile-id", "p-9"], { ADAPTY_API_KEY: "real-key", ADAPTY_BASE_URL: url })
      assert.strictEqual(ok.code, 0)
      assert.notInclude(ok.stdout, "embedded")
      assert.include(ok.stdout, "deleted:")
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
      const denied = yield* runExample(["--profile-id", "p-9"], { ADAPTY_API_KEY: "wrong-key", ADAPTY_BASE_URL: url })
      assert.strictEqual(denied.code, 1)
      assert.include(denied.stderr, "unauthorized:")
      assert.notInclude(denied.stdout + denied.stderr, "wrong-key")
    }).pipe(
      Effect.provide(
        FakeAdaptyServer.layer({ apiKey: Redacted.make("real-key") }).pipe(
          Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-9" }] })),
          Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
        )
      )
    ))
})
