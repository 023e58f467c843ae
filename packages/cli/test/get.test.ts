import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { apiKey, fakeServer, runCli } from "./helpers.js"

const person = { profileId: "profile-jane", customerUserId: "jane@example.com", totalRevenueUsd: 12.5 }

describe("effect-adapty get", () => {
  it.live("prints the profile as one line of the wire's JSON, by either identifier (also from standard input)", () =>
    Effect.gen(function*() {
      for (
        const [args, stdin] of [
          [["get", "--customer-user-id", person.customerUserId], undefined],
          [["get", "--profile-id", "-"], `${person.profileId}\n`]
        ] as const
      ) {
        const result = yield* runCli(args, stdin === undefined ? {} : { stdin })
        assert.strictEqual(result.code, 0, result.stderr)
        assert.strictEqual(result.stdout.split("\n").length, 2, "one line, then the newline")
        const printed = JSON.parse(result.stdout)
        assert.strictEqual(printed.profile_id, person.profileId)
        assert.strictEqual(printed.customer_user_id, person.customerUserId)
        assert.strictEqual(printed.total_revenue_usd, 12.5)
        assert.deepStrictEqual(printed.custom_attributes, [])
        assert.strictEqual(result.stderr, "")
      }
      const requests = yield* (yield* InMemoryProfiles).requests
      assert.strictEqual(requests.length, 2)
      assert.strictEqual((yield* (yield* InMemoryProfiles).remaining).length, 1, "get deletes nothing")
    }).pipe(Effect.provide(fakeServer([person]))))

  it.live("a profile that does not exist: exit 1, nothing on standard output, one line without the identifier", () =>
    Effect.gen(function*() {
      const result = yield* runCli(["get", "--customer-user-id", "ghost@example.com"])
      assert.strictEqual(result.code, 1)
      assert.strictEqual(result.stdout, "")
      assert.match(result.stderr, /^not found: no Adapty profile matches[^\n]*\n$/)
      assert.notInclude(result.stderr, "ghost")
      assert.notInclude(result.stderr, apiKey)
    }).pipe(Effect.provide(fakeServer([person]))))

  it.live("usage errors exit 2 and send nothing; a refused key exits 1", () =>
    Effect.gen(function*() {
      for (const args of [["get"], ["get", "--profile-id", "a", "--customer-user-id", "b"], ["get", "--profile-id", "bad\u0007"]]) {
        const result = yield* runCli(args)
        assert.include([2, 1], result.code, args.join(" "))
        assert.strictEqual(result.stdout, "")
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
      const refused = yield* runCli(["get", "--profile-id", person.profileId], { env: { ADAPTY_API_KEY: "wrong-key-123456" } })
      assert.strictEqual(refused.code, 1)
      assert.include(refused.stderr, "unauthorized")
      assert.strictEqual(refused.stdout, "")
    }).pipe(Effect.provide(fakeServer([person]))))
})
