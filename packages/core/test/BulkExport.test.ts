import { BulkExport, type ProfileLookup, type ProfileService, RateLimited, ServerError, Unauthorized } from "@effect-adapty/core"
import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Exit, Option, Stream } from "effect"

const profiles = (n: number) => Array.from({ length: n }, (_, i) => ({ profileId: `p-${i}`, customerUserId: `u-${i}` }))

const collect = <A, E>(stream: Stream.Stream<A, E, ProfileService>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("BulkExport", () => {
  it.effect("one outcome per input, in input order: found with the profile, not_found, invalid, failed", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      const ids = ["u-0", "nobody", " bad", "u-2", "u-1"]
      yield* store.failNext(new ServerError({ status: 500 }), { operation: "getProfile" })
      const outcomes = yield* collect(
        BulkExport.exportAllBy(Stream.fromIterable(ids), (customerUserId): ProfileLookup => ({ customerUserId }), {
          concurrency: 1
        })
      )
      assert.deepStrictEqual(outcomes.map((o) => o.index), [0, 1, 2, 3, 4])
      assert.deepStrictEqual(outcomes.map((o) => o.outcome), ["failed", "not_found", "invalid", "found", "found"])
      const found = outcomes.flatMap((o) => o.outcome === "found" ? [[o.item, Option.getOrNull(o.profile.customerUserId)]] : [])
      assert.deepStrictEqual(found, [["u-2", "u-2"], ["u-1", "u-1"]])
      // Nothing is deleted by an export.
      assert.strictEqual((yield* store.remaining).length, 3)
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(3) }))))

  it.effect("a refused key stops the run with ExportStopped; the item stays pending", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new Unauthorized({ status: 401 }), { operation: "getProfile" })
      const exit = yield* Effect.exit(collect(
        BulkExport.exportAllBy(Stream.make("p-0", "p-1"), (profileId): ProfileLookup => ({ profileId }), {
          concurrency: 1
        })
      ))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) {
        const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
        assert.instanceOf(error, BulkExport.ExportStopped)
        if (error instanceof BulkExport.ExportStopped) {
          assert.strictEqual(error.reason, "Unauthorized")
          assert.strictEqual(error._tag, "ExportStopped")
          assert.match(error.message, /^Export stopped: Adapty refused the API key/)
        }
      }
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(2) }))))

  it.live("a rate limit pauses and sends the item again; repeated failures stop the run", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new RateLimited({ status: 429, retryAfter: Duration.millis(20) }), { operation: "getProfile" })
      const pauses: Array<number> = []
      const outcomes = yield* collect(
        BulkExport.exportAllBy(Stream.make("p-0"), (profileId): ProfileLookup => ({ profileId }), {
          onPause: () => Effect.sync(() => void pauses.push(1))
        })
      )
      assert.deepStrictEqual(outcomes.map((o) => o.outcome), ["found"])
      assert.strictEqual(pauses.length, 1, "every worker paused, announced once")
      yield* store.failNext(new ServerError({ status: 500 }), { operation: "getProfile", times: 5 })
      const stopped = yield* Effect.exit(collect(
        BulkExport.exportAllBy(Stream.make("p-0", "p-1", "p-0", "p-1"), (profileId): ProfileLookup => ({ profileId }), {
          concurrency: 1,
          maxConsecutiveFailures: 2
        })
      ))
      assert.isTrue(Exit.isFailure(stopped))
      if (Exit.isFailure(stopped) && stopped.cause._tag === "Fail") {
        const error = stopped.cause.error
        assert.isTrue(error instanceof BulkExport.ExportStopped && error.reason === "ConsecutiveFailures")
      }
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(2) }))))
})
