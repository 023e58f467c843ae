import {
  BulkErasure,
  type DeleteProfileError,
  type ProfileLookup,
  ProfileNotFound,
  ProfileService,
  RateLimited,
  ServerError,
  Unauthorized,
  UnexpectedResponse
} from "@effect-adapty/core"
import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Duration, Effect, Exit, Fiber, Layer, Option, Stream, TestClock } from "effect"

const profiles = (n: number) => Array.from({ length: n }, (_, i) => ({ profileId: `p-${i}`, customerUserId: `u-${i}` }))

const byProfileId = (n: number) => Stream.fromIterable(profiles(n).map((p) => ({ profileId: p.profileId })))

const deletedCount = Effect.flatMap(InMemoryProfiles, (store) => Effect.map(store.deleted, (d) => d.length))

describe("BulkErasure", () => {
  it.effect("one outcome per input, in input order: deleted, not_found, invalid, failed", () =>
    Effect.gen(function*() {
      const lookups: Array<ProfileLookup> = [
        { profileId: "p-0" },
        { customerUserId: "nobody" },
        { customerUserId: " bad" },
        { profileId: "p-1" },
        { customerUserId: "u-2" }
      ]
      const outcomes = yield* BulkErasure.eraseAll(Stream.fromIterable(lookups), { concurrency: 3 }).pipe(
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray)
      )
      assert.deepStrictEqual(outcomes.map((o) => o.index), [0, 1, 2, 3, 4])
      assert.deepStrictEqual(outcomes.map((o) => o.item), lookups)
      assert.deepStrictEqual(outcomes.map((o) => o.outcome), ["deleted", "not_found", "invalid", "failed", "deleted"])
      // Plain objects, as the type describes them, although a constructor
      // makes them (internal/outcome.ts).
      assert.deepStrictEqual(outcomes[0], { outcome: "deleted", index: 0, item: lookups[0]! })
      assert.deepStrictEqual(outcomes[1], { outcome: "not_found", index: 1, item: lookups[1]! })
      for (const outcome of outcomes) assert.strictEqual(Object.getPrototypeOf(outcome), Object.prototype)
      assert.deepStrictEqual(outcomes.map((o) => Object.keys(o).join()), [
        "outcome,index,item",
        "outcome,index,item",
        "outcome,index,item,error",
        "outcome,index,item,error",
        "outcome,index,item"
      ])
      const invalid = outcomes[2]!
      if (invalid.outcome === "invalid") assert.strictEqual(invalid.error.rule, "Whitespace")
      const failed = outcomes[3]!
      if (failed.outcome === "failed") assert.strictEqual(failed.error._tag, "ServerError")
      assert.deepStrictEqual((yield* (yield* InMemoryProfiles).remaining).map((p) => p.profileId), ["p-1"])
    }).pipe(Effect.provide(
      // The store, with p-1 failing every time: which item fails does not
      // depend on the order in which concurrent calls reach the store.
      Layer.effect(
        ProfileService,
        Effect.map(InMemoryProfiles, (store) =>
          ProfileService.make({
            deleteProfile: (lookup) =>
              "profileId" in lookup && lookup.profileId === "p-1"
                ? Effect.fail(new ServerError({ status: 503 }))
                : store.deleteProfile(lookup)
          }))
      ).pipe(Layer.provideMerge(InMemoryProfiles.layer({ profiles: profiles(3) })))
    )))

  it.effect("a defect in a call is a defect of the stream, not a failed outcome", () =>
    Effect.gen(function*() {
      const exit = yield* BulkErasure.eraseAll(byProfileId(5), { concurrency: 2 }).pipe(Stream.runDrain, Effect.exit)
      assert.isTrue(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause)))
      // A failure and a defect together are a defect too, as `matchEffect`
      // makes them.
      const both = yield* BulkErasure.eraseAll(Stream.make({ profileId: "p-3" }), { concurrency: 1 }).pipe(
        Stream.runDrain,
        Effect.exit
      )
      assert.isTrue(Exit.isFailure(both) && Option.isSome(Cause.dieOption(both.cause)))
    }).pipe(Effect.provide(
      Layer.succeed(
        ProfileService,
        ProfileService.make({
          deleteProfile: (lookup) =>
            "profileId" in lookup && lookup.profileId === "p-2"
              ? Effect.dieMessage("boom")
              : "profileId" in lookup && lookup.profileId === "p-3"
              ? Effect.failCause(Cause.sequential(Cause.fail(new ServerError({ status: 500 })), Cause.die("boom")))
              : Effect.void
        })
      )
    )))

  it.effect("a failure is an outcome, not the end of the stream", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new ServerError({ status: 500 }))
      const outcomes = yield* BulkErasure.eraseAll(
        byProfileId(4),
        { concurrency: 1 }
      ).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))
      assert.deepStrictEqual(outcomes.map((o) => o.outcome), ["failed", "deleted", "deleted", "deleted"])
      const failed = outcomes[0]!
      if (failed.outcome === "failed") assert.strictEqual(failed.error._tag, "ServerError")
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(4) }))))

  it.effect("outcomes stay in input order when an early call is the slowest", () =>
    Effect.gen(function*() {
      const fiber = yield* BulkErasure.eraseAll(
        Stream.make({ profileId: "slow" }, { profileId: "a" }, { profileId: "b" }),
        { concurrency: 3 }
      ).pipe(Stream.runCollect, Effect.map((c) => Chunk.toReadonlyArray(c).map((o) => o.index)), Effect.fork)
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(yield* Fiber.join(fiber), [0, 1, 2])
    }).pipe(Effect.provide(Layer.succeed(
      ProfileService,
      ProfileService.make({
        deleteProfile: (lookup) => "profileId" in lookup && lookup.profileId === "slow" ? Effect.sleep("1 second") : Effect.void
      })
    ))))

  it.effect("ratePerMinute spaces the requests of all workers together", () =>
    Effect.gen(function*() {
      const fiber = yield* BulkErasure.eraseAll(
        byProfileId(10),
        { concurrency: 4, ratePerMinute: 60 }
      ).pipe(Stream.runDrain, Effect.fork)
      yield* TestClock.adjust(0)
      assert.strictEqual(yield* deletedCount, 1)
      yield* TestClock.adjust("4 seconds")
      assert.strictEqual(yield* deletedCount, 5)
      yield* TestClock.adjust("5 seconds")
      assert.strictEqual(yield* deletedCount, 10)
      yield* Fiber.join(fiber)
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(10) }))))

  it.effect("one rate-limited call pauses every worker for its retryAfter, then the item is sent again", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new RateLimited({ status: 429, retryAfter: Duration.seconds(10) }))
      const fiber = yield* BulkErasure.eraseAll(
        byProfileId(20),
        { concurrency: 4 }
      ).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust(0)
      const before = yield* deletedCount
      assert.isBelow(before, 4, "only calls already in flight went through")
      yield* TestClock.adjust("9 seconds")
      assert.strictEqual(yield* deletedCount, before, "nobody sent during the pause")
      yield* TestClock.adjust("1 second")
      const outcomes = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.isTrue(outcomes.every((o) => o.outcome === "deleted"))
      assert.strictEqual(yield* deletedCount, 20)
      assert.strictEqual((yield* store.requests).length, 21, "the rate-limited item was sent twice")
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(20) }))))

  it.effect("with a rate, a 429 also halves it: the next requests are spaced twice as far", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new RateLimited({ status: 429, retryAfter: Duration.seconds(1) }))
      const fiber = yield* BulkErasure.eraseAll(
        byProfileId(5),
        { concurrency: 1, ratePerMinute: 60 }
      ).pipe(Stream.runDrain, Effect.fork)
      yield* TestClock.adjust(0)
      assert.strictEqual(yield* deletedCount, 0)
      yield* TestClock.adjust("1 second") // the retry of item 0 at t=1
      assert.strictEqual(yield* deletedCount, 1)
      yield* TestClock.adjust("1 second") // t=2: item 1 not yet (interval now ~2 s)
      assert.strictEqual(yield* deletedCount, 1)
      yield* TestClock.adjust("1 second") // t=3
      assert.strictEqual(yield* deletedCount, 2)
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(5) }))))

  it.effect("an item still rate limited after rateLimitRetries ends failed", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new RateLimited({ status: 429 }), { times: 3 })
      const fiber = yield* BulkErasure.eraseAll(Stream.make({ profileId: "p-0" }), {
        rateLimitRetries: 2,
        rateLimitPause: "100 millis"
      }).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("1 second")
      const [outcome] = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.strictEqual(outcome!.outcome, "failed")
      if (outcome!.outcome === "failed") assert.strictEqual(outcome!.error._tag, "RateLimited")
      assert.strictEqual((yield* store.requests).length, 3)
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(1) }))))

  it.effect("onOutcome runs in the worker, before it takes the next item", () =>
    Effect.gen(function*() {
      const journal: Array<number> = []
      let maxUnjournaled = 0
      let started = 0
      const counting = Layer.succeed(ProfileService, ProfileService.make({
        deleteProfile: () =>
          Effect.sync(() => {
            started++
            maxUnjournaled = Math.max(maxUnjournaled, started - journal.length)
          }).pipe(Effect.zipRight(Effect.yieldNow()))
      }))
      yield* BulkErasure.eraseAll(
        byProfileId(500),
        { concurrency: 8, onOutcome: (o) => Effect.sync(() => void journal.push(o.index)) }
      ).pipe(Stream.runDrain, Effect.provide(counting))
      assert.strictEqual(journal.length, 500)
      assert.isAtMost(maxUnjournaled, 8, "never more sent-but-unjournaled items than workers")
    }))

  it.effect("constant memory: the input is pulled no further ahead than the workers need", () =>
    Effect.gen(function*() {
      let produced = 0
      let consumed = 0
      let maxLead = 0
      const input = Stream.range(0, 199_999).pipe(
        Stream.map((i) => {
          produced++
          maxLead = Math.max(maxLead, produced - consumed)
          return { profileId: `p-${i}` }
        })
      )
      const count = yield* BulkErasure.eraseAll(input, { concurrency: 16 }).pipe(
        Stream.tap(() => Effect.sync(() => void consumed++)),
        Stream.runCount,
        Effect.provide(Layer.succeed(ProfileService, ProfileService.make({ deleteProfile: () => Effect.void })))
      )
      assert.strictEqual(count, 200_000)
      // One chunk of the input (4,096 for Stream.range), the workers' window
      // (16,384 items) and the run being read (at most a window), whatever
      // the input's length: not 200,000.
      assert.isBelow(maxLead, 4_096 + 2 * 16_384 + 1)
    }))

  describe("stopping the run", () => {
    // A service over the store whose n-th call (from 0) fails with `error`
    // at once; every other call takes a second, so that calls are in flight.
    const failingCall = (n: number, error: DeleteProfileError) =>
      Effect.map(InMemoryProfiles, (store) => {
        let calls = 0
        const service = ProfileService.make({
          deleteProfile: (lookup) => {
            const call = calls++
            return call === n
              ? Effect.fail(error as Exclude<DeleteProfileError, { _tag: "InvalidProfileLookup" }>)
              : Effect.zipRight(Effect.sleep("1 second"), store.deleteProfile(lookup))
          }
        })
        return { service, calls: () => calls }
      })

    const stopError = <A>(exit: Exit.Exit<A, unknown>): BulkErasure.ErasureStopped => {
      if (Exit.isSuccess(exit) || !Cause.isFailType(exit.cause)) return assert.fail(`expected a typed failure: ${exit}`)
      const error = exit.cause.error
      assert.instanceOf(error, BulkErasure.ErasureStopped)
      return error as BulkErasure.ErasureStopped
    }

    it.effect("the first Unauthorized stops it: calls in flight finish and are emitted, nothing more is sent", () =>
      Effect.gen(function*() {
        const { calls, service } = yield* failingCall(5, new Unauthorized({ status: 401 }))
        let pulled = 0
        const input = Stream.range(0, 99_999).pipe(Stream.map((i) => {
          pulled++
          return { profileId: `p-${i}` }
        }))
        const journaled: Array<number> = []
        const emitted: Array<BulkErasure.Outcome<ProfileLookup>> = []
        const fiber = yield* BulkErasure.eraseAll(input, {
          concurrency: 4,
          onOutcome: (o) => Effect.sync(() => void journaled.push(o.index))
        }).pipe(
          Stream.runForEach((o) => Effect.sync(() => void emitted.push(o))),
          Effect.provideService(ProfileService, service),
          Effect.exit,
          Effect.fork
        )
        yield* TestClock.adjust("10 seconds")
        const error = stopError(yield* Fiber.join(fiber))
        assert.strictEqual(error.reason, "Unauthorized")
        assert.strictEqual(error.error._tag, "Unauthorized")
        assert.include(error.message, "refused the API key")
        const sent = calls()
        assert.isAtMost(sent, 8, "the 6th call failed while at most 3 others were in flight")
        // Every call but the refused one ended deleted, and was emitted and journaled.
        assert.strictEqual(emitted.length, sent - 1)
        assert.isTrue(emitted.every((o) => o.outcome === "deleted"))
        assert.notInclude(emitted.map((o) => o.index), 5, "the refused item stays pending")
        assert.deepStrictEqual([...journaled].sort((a, b) => a - b), emitted.map((o) => o.index))
        assert.strictEqual((yield* (yield* InMemoryProfiles).deleted).length, sent - 1)
        assert.isAtMost(pulled, 4_096, "no more of the input is read than its first chunk")
      }).pipe(Effect.provide(InMemoryProfiles.layer({ profiles: profiles(100) }))))

    it.effect("a rate limit longer than maxRateLimitPause stops it at once, even eleven days away", () =>
      Effect.gen(function*() {
        const { calls, service } = yield* failingCall(
          0,
          new RateLimited({ status: 429, retryAfter: Duration.days(11) })
        )
        const fiber = yield* BulkErasure.eraseAll(byProfileId(50), { concurrency: 2 }).pipe(
          Stream.runCollect,
          Effect.provideService(ProfileService, service),
          Effect.exit,
          Effect.fork
        )
        // Only the call in flight beside it: one second, not eleven days.
        yield* TestClock.adjust("1 second")
        const exit = yield* Fiber.join(fiber)
        const error = stopError(exit)
        assert.strictEqual(error.reason, "RateLimitPause")
        assert.include(error.message, "11d")
        assert.include(error.message, "10m")
        assert.isAtMost(calls(), 2)
      }).pipe(Effect.provide(InMemoryProfiles.layer({ profiles: profiles(50) }))))

    it.effect("a pause within the cap is announced once through onPause, then the items are sent again", () =>
      Effect.gen(function*() {
        const store = yield* InMemoryProfiles
        // Three calls in flight together are rate limited together.
        yield* store.failNext(new RateLimited({ status: 429, retryAfter: Duration.minutes(2) }), { times: 3 })
        const slow = ProfileService.make({
          deleteProfile: (lookup) => Effect.zipRight(Effect.sleep("1 second"), store.deleteProfile(lookup))
        })
        const pauses: Array<Duration.Duration> = []
        const fiber = yield* BulkErasure.eraseAll(byProfileId(20), {
          concurrency: 4,
          maxRateLimitPause: "5 minutes",
          onPause: (pause) => Effect.sync(() => void pauses.push(pause))
        }).pipe(Stream.runCollect, Effect.provideService(ProfileService, slow), Effect.fork)
        yield* TestClock.adjust(0)
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* store.requests).length, 4)
        yield* TestClock.adjust("119 seconds")
        assert.strictEqual((yield* store.requests).length, 4, "nobody sent during the pause")
        yield* TestClock.adjust("1 minute")
        const outcomes = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
        assert.strictEqual(outcomes.length, 20)
        assert.isTrue(outcomes.every((o) => o.outcome === "deleted"))
        assert.deepStrictEqual(pauses, [Duration.minutes(2)])
      }).pipe(Effect.provide(InMemoryProfiles.layer({ profiles: profiles(20) }))))

    it.effect("maxConsecutiveFailures failed outcomes in a row stop it, with a hint when the server is not Adapty", () =>
      Effect.gen(function*() {
        let calls = 0
        const notAdapty = ProfileService.make({
          deleteProfile: () => Effect.suspend(() => (calls++, Effect.fail(new UnexpectedResponse({ status: 405 }))))
        })
        const exit = yield* BulkErasure.eraseAll(byProfileId(1_000), { concurrency: 4, maxConsecutiveFailures: 5 }).pipe(
          Stream.runCollect,
          Effect.provideService(ProfileService, notAdapty),
          Effect.exit
        )
        const error = stopError(exit)
        assert.strictEqual(error.reason, "ConsecutiveFailures")
        assert.strictEqual(error.failures, 5)
        assert.include(error.message, "check the base URL")
        assert.isAtMost(calls, 5 + 3)
      }))

    it.effect("a success between failures resets the count: no stop", () =>
      Effect.gen(function*() {
        let calls = 0
        const flaky = ProfileService.make({
          deleteProfile: () =>
            Effect.suspend(() => calls++ % 3 === 2 ? Effect.void : Effect.fail(new ServerError({ status: 500 })))
        })
        const outcomes = yield* BulkErasure.eraseAll(byProfileId(300), { concurrency: 1, maxConsecutiveFailures: 3 }).pipe(
          Stream.runCollect,
          Effect.provideService(ProfileService, flaky)
        )
        assert.strictEqual(outcomes.length, 300)
      }))
  })

  it.effect("not_found only on Adapty's own 404 answer; any other 404 is failed", () =>
    Effect.gen(function*() {
      const answers: Record<string, ProfileNotFound> = {
        adapty: new ProfileNotFound({
          status: 404,
          details: { errorCode: "profile_does_not_exist", statusCode: 404, errors: [] }
        }),
        other: new ProfileNotFound({ status: 404, details: { errorCode: "profile_not_found", statusCode: 404, errors: [] } }),
        html: new ProfileNotFound({ status: 404 }),
        code: new ProfileNotFound({ status: 404, details: { errorCode: "not_found", statusCode: 404, errors: [] } })
      }
      const outcomes = yield* BulkErasure.eraseAll(
        Stream.make({ profileId: "adapty" }, { profileId: "other" }, { profileId: "html" }, { profileId: "code" })
      ).pipe(
        Stream.runCollect,
        Effect.provideService(
          ProfileService,
          ProfileService.make({
            deleteProfile: (lookup) => Effect.fail(answers["profileId" in lookup ? lookup.profileId : ""]!)
          })
        )
      )
      assert.deepStrictEqual(Chunk.toReadonlyArray(outcomes).map((o) => o.outcome), [
        "not_found",
        "not_found",
        "failed",
        "failed"
      ])
    }))

  it.effect("a stop while a worker waits out a long pause ends the run at once, not when the pause ends", () =>
    Effect.gen(function*() {
      let calls = 0
      const service = ProfileService.make({
        // Both in flight; the first is rate limited at 1 s, the second refused at 2 s.
        deleteProfile: () =>
          Effect.suspend((): Effect.Effect<void, RateLimited | Unauthorized> => {
            const call = calls++
            if (call === 0) {
              return Effect.zipRight(
                Effect.sleep("1 second"),
                Effect.fail(new RateLimited({ status: 429, retryAfter: Duration.minutes(9) }))
              )
            }
            return call === 1
              ? Effect.zipRight(Effect.sleep("2 seconds"), Effect.fail(new Unauthorized({ status: 401 })))
              : Effect.void
          })
      })
      const fiber = yield* BulkErasure.eraseAll(byProfileId(10), { concurrency: 2 }).pipe(
        Stream.runCollect,
        Effect.provideService(ProfileService, service),
        Effect.exit,
        Effect.fork
      )
      yield* TestClock.adjust(0)
      yield* TestClock.adjust("3 seconds")
      const exit = yield* Fiber.poll(fiber)
      assert.isTrue(Option.isSome(exit), "ended three seconds in, not nine minutes")
      assert.strictEqual(calls, 2, "the paused item was not sent again")
    }))

  it.effect("a 503 that says when to come back pauses every worker, then the item is sent again", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new ServerError({ status: 503, retryAfter: Duration.seconds(30) }))
      const pauses: Array<Duration.Duration> = []
      const fiber = yield* BulkErasure.eraseAll(byProfileId(5), {
        concurrency: 1,
        onPause: (pause) => Effect.sync(() => void pauses.push(pause))
      }).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust(0)
      yield* TestClock.adjust("30 seconds")
      const outcomes = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.isTrue(outcomes.every((o) => o.outcome === "deleted"))
      assert.deepStrictEqual(pauses, [Duration.seconds(30)])
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: profiles(5) }))))

  it.effect("odd option values are bounded, never a defect or an endless loop", () =>
    Effect.gen(function*() {
      for (const concurrency of [Number.NaN, Infinity, 1e9, -3, 0]) {
        const outcomes = yield* BulkErasure.eraseAll(byProfileId(3), { concurrency }).pipe(
          Stream.runCollect,
          Effect.provideService(ProfileService, ProfileService.make({ deleteProfile: () => Effect.void }))
        )
        assert.strictEqual(outcomes.length, 3, `concurrency ${concurrency}`)
      }
      let sends = 0
      const limited = ProfileService.make({
        deleteProfile: () => Effect.suspend(() => (sends++, Effect.fail(new RateLimited({ status: 429, retryAfter: Duration.zero }))))
      })
      const outcomes = yield* BulkErasure.eraseAll(byProfileId(1), { rateLimitRetries: Number.NaN }).pipe(
        Stream.runCollect,
        Effect.provideService(ProfileService, limited)
      )
      assert.strictEqual(Chunk.unsafeGet(outcomes, 0).outcome, "failed")
      assert.strictEqual(sends, 6, "NaN is the default: 5 retries")
    }))

  it.effect("invalid lines share their error: memory does not grow with them", () =>
    Effect.gen(function*() {
      const outcomes = yield* BulkErasure.eraseAll(
        Stream.make({ profileId: " a" }, { profileId: " b" }, { customerUserId: "" })
      ).pipe(Stream.runCollect, Effect.provideService(ProfileService, ProfileService.make({ deleteProfile: () => Effect.void })))
      const [a, b, c] = Chunk.toReadonlyArray(outcomes)
      assert.isTrue(a!.outcome === "invalid" && b!.outcome === "invalid" && c!.outcome === "invalid")
      if (a!.outcome !== "invalid" || b!.outcome !== "invalid" || c!.outcome !== "invalid") return
      assert.strictEqual(a!.error, b!.error)
      assert.notStrictEqual(a!.error, c!.error)
      assert.strictEqual(c!.error.rule, "Empty")
    }))
})
