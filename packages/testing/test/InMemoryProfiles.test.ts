import { ProfileNotFound, ServerError, Unauthorized } from "@effect-adapty/core"
import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

describe("InMemoryProfiles", () => {
  it.effect("seeds, replaces by profileId and moves a customerUserId to the newer profile", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a", customerUserId: "u" }] })
      yield* store.add([{ profileId: "a" }])
      assert.isFalse(yield* store.has({ customerUserId: "u" }))
      yield* store.add([{ profileId: "b", customerUserId: "u" }])
      assert.isTrue(yield* store.has({ customerUserId: "u" }))
      yield* store.deleteProfile({ customerUserId: "u" })
      assert.deepStrictEqual(yield* store.remaining, [{ profileId: "a" }])
      assert.deepStrictEqual(yield* store.deleted, [{ profileId: "b", customerUserId: "u" }])
    }))

  it.effect("faults come in the order they were added, each as many times as asked", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      yield* store.failNext(new Unauthorized({ status: 401 }))
      yield* store.failNext(new ServerError({ status: 503 }), { times: 2 })
      const tags: Array<string> = []
      for (let i = 0; i < 4; i++) {
        const result = yield* Effect.either(store.deleteProfile({ profileId: "a" }))
        tags.push(result._tag === "Left" ? result.left._tag : "deleted")
      }
      assert.deepStrictEqual(tags, ["Unauthorized", "ServerError", "ServerError", "deleted"])
      assert.strictEqual((yield* store.requests).length, 4)
    }))

  it.effect("times: 0 adds no fault and clearFaults drops them all", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }, { profileId: "b" }] })
      yield* store.failNext(new ServerError({ status: 500 }), { times: 0 })
      yield* store.deleteProfile({ profileId: "a" })
      yield* store.failNext(new ServerError({ status: 500 }), { times: Infinity })
      yield* store.clearFaults
      yield* store.deleteProfile({ profileId: "b" })
      assert.deepStrictEqual(yield* store.remaining, [])
    }))

  it.effect("an absent profile is ProfileNotFound with Adapty's documented body", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make()
      const error = yield* Effect.flip(store.deleteProfile({ profileId: "nope" }))
      assert.instanceOf(error, ProfileNotFound)
      assert.deepStrictEqual((error as ProfileNotFound).details, {
        errorCode: "profile_does_not_exist",
        statusCode: 404,
        errors: [{ source: null, errors: ["Profile not found"] }]
      })
    }))
})
