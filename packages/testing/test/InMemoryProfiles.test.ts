import { BadRequest, ProfileNotFound, ServerError, Unauthorized, UnexpectedResponse } from "@effect-adapty/core"
import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Option, Random, TestClock } from "effect"

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

const installationMeta = { deviceId: "3fa85f64-5717-4562-b3fc-2c963f66afa6" }

describe("InMemoryProfiles, a profile's life", () => {
  it.effect("timestamps grow strictly while the clock stands still, and follow it when it moves", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      const first = yield* store.getProfile({ profileId: "a" })
      const second = yield* store.getProfile({ profileId: "a" })
      assert.deepStrictEqual([first.timestamp, second.timestamp], [1, 2])
      yield* TestClock.adjust(Duration.seconds(10))
      const third = yield* store.grantAccessLevel({ profileId: "a" }, { accessLevelId: "premium" })
      assert.strictEqual(third.timestamp, 10_000)
      assert.strictEqual((yield* store.getProfile({ profileId: "a" })).timestamp, 10_001)
    }))

  it.effect("a seed by its identifiers costs no full profile until a call reads it; inspection changes nothing", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a", customerUserId: "u" }], appId: "app" })
      const seen = Option.getOrThrow(yield* store.get({ customerUserId: "u" }))
      assert.deepStrictEqual(
        { ...seen, customerUserId: Option.getOrNull(seen.customerUserId) },
        {
          appId: "app",
          profileId: "a",
          customerUserId: "u",
          totalRevenueUsd: 0,
          segmentHash: "0000000000000000",
          timestamp: 0,
          customAttributes: [],
          accessLevels: [],
          subscriptions: [],
          nonSubscriptions: []
        }
      )
      assert.deepStrictEqual(yield* store.requests, [], "reading the store is no call")
      assert.deepStrictEqual(yield* store.details({ profileId: "a" }), Option.some({}))
      assert.deepStrictEqual(yield* store.get({ profileId: "nobody" }), Option.none())
      assert.deepStrictEqual(yield* store.remaining, [{ profileId: "a", customerUserId: "u" }])
    }))

  it.effect("put seeds whole profiles; add with fields seeds them too; both replace by profileId", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make()
      yield* store.add([{ profileId: "a", totalRevenueUsd: 5, details: { firstName: Option.some("Jane") } }])
      const a = Option.getOrThrow(yield* store.get({ profileId: "a" }))
      assert.strictEqual(a.totalRevenueUsd, 5)
      assert.deepStrictEqual(yield* store.details({ profileId: "a" }), Option.some({ firstName: Option.some("Jane") }))
      yield* store.put([{ ...a, profileId: "b", customerUserId: Option.some("u"), timestamp: 7 }])
      assert.strictEqual(Option.getOrThrow(yield* store.get({ customerUserId: "u" })).timestamp, 7)
      yield* store.add([{ profileId: "a" }])
      assert.strictEqual(Option.getOrThrow(yield* store.get({ profileId: "a" })).totalRevenueUsd, 0, "replaced")
      assert.deepStrictEqual((yield* store.profiles).map((profile) => profile.profileId), ["a", "b"])
      yield* store.deleteProfile({ customerUserId: "u" })
      assert.deepStrictEqual(yield* store.deleted, [{ profileId: "b", customerUserId: "u" }])
      assert.deepStrictEqual(yield* store.get({ profileId: "b" }), Option.none())
    }))

  it.effect("a deleted profile's state goes with it: one seeded again under its id starts empty", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      yield* store.grantAccessLevel({ profileId: "a" }, { accessLevelId: "premium" })
      yield* store.deleteProfile({ profileId: "a" })
      yield* store.add([{ profileId: "a" }])
      assert.deepStrictEqual((yield* store.getProfile({ profileId: "a" })).accessLevels, [])
    }))

  it.effect("create by customer user id draws its UUID from Random: a seeded Random gives the same id", () =>
    Effect.gen(function*() {
      const create = Effect.suspend(() =>
        Effect.flatMap(
          InMemoryProfiles.make(),
          (store) => store.createProfile({ customerUserId: "u" }, { installationMeta })
        ).pipe(Effect.withRandom(Random.make("seed")))
      )
      const [a, b] = [yield* create, yield* create]
      assert.strictEqual(a.profileId, b.profileId)
      assert.match(a.profileId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }))

  it.effect("custom attributes merge by key; a merge past 30 fails with BadRequest and changes nothing", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make()
      const lookup = { profileId: "a" }
      const attributes = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: from + i }))
      yield* store.createProfile(lookup, { installationMeta, customAttributes: attributes(0, 20) })
      const merged = yield* store.updateProfile(lookup, { customAttributes: [{ key: "k0", value: "zero" }, ...attributes(20, 10)] })
      assert.strictEqual(merged.customAttributes.length, 30)
      assert.deepStrictEqual(merged.customAttributes[0], { key: "k0", value: "zero" })
      const error = yield* Effect.flip(store.updateProfile(lookup, { customAttributes: attributes(30, 1), lastName: Option.some("Doe") }))
      assert.strictEqual(error._tag === "BadRequest" ? error.details?.errorCode : error._tag, "validation_error")
      assert.strictEqual(Option.getOrThrow(yield* store.get(lookup)).customAttributes.length, 30)
      assert.isUndefined(Option.getOrThrow(yield* store.details(lookup)).lastName, "nothing changed")
    }))

  it.effect("an update given undefined for a field leaves that field alone", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make()
      yield* store.createProfile({ profileId: "a" }, { installationMeta, firstName: Option.some("Jane") })
      yield* store.updateProfile({ profileId: "a" }, { firstName: undefined, lastName: Option.some("Doe") })
      const details = Option.getOrThrow(yield* store.details({ profileId: "a" }))
      assert.deepStrictEqual(details.firstName, Option.some("Jane"))
      assert.deepStrictEqual(details.lastName, Option.some("Doe"))
    }))

  it.effect("revokeAt is judged by the Clock: now or earlier removes, later schedules", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      const lookup = { profileId: "a" }
      yield* TestClock.setTime(Date.parse("2025-01-01T00:00:00Z"))
      yield* store.grantAccessLevel(lookup, { accessLevelId: "premium" })
      yield* store.grantAccessLevel(lookup, { accessLevelId: "vip" })
      const later = DateTime.unsafeMake("2025-01-01T00:00:01Z")
      const scheduled = yield* store.revokeAccessLevel(lookup, { accessLevelId: "premium", revokeAt: later })
      assert.deepStrictEqual(scheduled.accessLevels.map((level) => Option.map(level.expiresAt, DateTime.toEpochMillis)), [
        Option.some(DateTime.toEpochMillis(later)),
        Option.none()
      ])
      const now = DateTime.unsafeMake("2025-01-01T00:00:00Z")
      const removed = yield* store.revokeAccessLevel(lookup, { accessLevelId: "vip", revokeAt: now })
      assert.deepStrictEqual(removed.accessLevels.map((level) => level.accessLevelId), ["premium"])
      const absent = yield* store.revokeAccessLevel(lookup, { accessLevelId: "gold" })
      assert.deepStrictEqual(absent.accessLevels.map((level) => level.accessLevelId), ["premium"], "nothing to revoke")
    }))

  it.effect("a grant keeps the first purchase time of the access level it replaces", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      yield* TestClock.setTime(1_000)
      yield* store.grantAccessLevel({ profileId: "a" }, { accessLevelId: "premium" })
      yield* TestClock.setTime(2_000)
      const again = yield* store.grantAccessLevel({ profileId: "a" }, { accessLevelId: "premium" })
      const level = again.accessLevels[0]
      assert.strictEqual(level === undefined ? 0 : DateTime.toEpochMillis(level.originallyPurchasedAt), 1_000)
      assert.strictEqual(level === undefined ? 0 : DateTime.toEpochMillis(level.purchasedAt), 2_000)
    }))

  it.effect("a storeTransactionId sent once as a subscription and then as a one-time purchase moves", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      const common = {
        store: "app_store",
        storeProductId: "p",
        storeTransactionId: "t-1",
        storeOriginalTransactionId: "t-1",
        price: { country: "US", currency: "USD", value: 1 },
        purchasedAt: DateTime.unsafeMake(0)
      }
      yield* store.setTransaction({ profileId: "a" }, {
        ...common,
        purchaseType: "subscription",
        originallyPurchasedAt: DateTime.unsafeMake(0),
        expiresAt: DateTime.unsafeMake(1),
        renewStatus: false
      })
      const moved = yield* store.setTransaction({ profileId: "a" }, { ...common, purchaseType: "one_time_purchase" })
      assert.deepStrictEqual([moved.subscriptions.length, moved.nonSubscriptions.length], [0, 1])
    }))

  it.effect("faults: scoped to one operation they wait for it; a class the operation cannot end with is mapped as over HTTP", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }] })
      const bad = new BadRequest({ status: 400 })
      yield* store.failNext(bad, { operation: "updateProfile" })
      yield* store.failNext(bad, { operation: "deleteProfile" })
      yield* store.failNext(new ProfileNotFound({ status: 404 }), { operation: "createProfile" })
      yield* store.getProfile({ profileId: "a" })
      assert.strictEqual(yield* Effect.flip(store.updateProfile({ profileId: "a" }, {})), bad, "the same error")
      const created = yield* Effect.flip(store.createProfile({ profileId: "b" }, { installationMeta }))
      assert.instanceOf(created, UnexpectedResponse)
      assert.strictEqual(created._tag === "UnexpectedResponse" ? created.status : 0, 404)
      const deleted = yield* Effect.flip(store.deleteProfile({ profileId: "a" }))
      assert.instanceOf(deleted, UnexpectedResponse)
      assert.strictEqual(deleted._tag === "UnexpectedResponse" ? deleted.status : 0, 400)
      yield* store.deleteProfile({ profileId: "a" })
      assert.deepStrictEqual((yield* store.calls).map((call) => call.operation), [
        "getProfile",
        "updateProfile",
        "createProfile",
        "deleteProfile",
        "deleteProfile"
      ])
    }))

  it.effect("calls and requests are not kept when recordRequests is false", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles.make({ profiles: [{ profileId: "a" }], recordRequests: false })
      yield* store.getProfile({ profileId: "a" })
      yield* store.deleteProfile({ profileId: "a" })
      assert.deepStrictEqual([yield* store.requests, yield* store.calls], [[], []])
    }))
})
