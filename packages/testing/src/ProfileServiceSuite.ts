/**
 * The conformance suite: what "behaves like Adapty" means, written once and
 * run against every implementation (the in-memory layers, and the live
 * layers over the fake server, on each transport). Import it from
 * `@effect-adapty/testing/ProfileServiceSuite`; it needs `@effect/vitest`.
 *
 * - {@link suite}: `ProfileService` (delete, get, create, update).
 * - {@link purchaseSuite}: `PurchaseService` (grant, revoke, set transaction).
 * - {@link adaptySuite}: both, and the scenarios that take both.
 *
 * Each runs against the `InMemoryProfiles` store behind the implementation:
 * it seeds profiles, injects faults and reads what reached the store.
 *
 * @since 0.1.0
 */
import {
  AccessLevel,
  type AdaptyError,
  BadRequest,
  InvalidInput,
  InvalidProfileLookup,
  isConfirmedNotFound,
  type LookupKey,
  type LookupRule,
  type OneTimePurchase,
  Profile as ProfileSchema,
  type ProfileInput,
  type ProfileLookup,
  ProfileNotFound,
  ProfileService,
  PurchaseService,
  RateLimited,
  ServerError,
  type SubscriptionPurchase,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { InMemoryProfiles, type OperationName, type Profile } from "./InMemoryProfiles.js"

/**
 * The inputs every implementation must reject before sending anything, with
 * the rule and key each breaks. Values that could be personal data or an
 * injection attempt are among them, so that no implementation echoes them.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const invalidLookups: ReadonlyArray<{
  readonly name: string
  readonly input: unknown
  readonly rule: LookupRule
  readonly key?: LookupKey
}> = [
  { name: "null", input: null, rule: "NotAnObject" },
  { name: "a string", input: "alice@example.com", rule: "NotAnObject" },
  { name: "an array", input: ["alice@example.com"], rule: "NotAnObject" },
  { name: "no key", input: {}, rule: "NoKey" },
  { name: "both keys", input: { customerUserId: "alice@example.com", profileId: "p-1" }, rule: "BothKeys" },
  { name: "a number", input: { customerUserId: 42 }, rule: "NotAString", key: "customerUserId" },
  { name: "undefined", input: { profileId: undefined }, rule: "NotAString", key: "profileId" },
  { name: "empty", input: { customerUserId: "" }, rule: "Empty", key: "customerUserId" },
  { name: "leading space", input: { customerUserId: " alice@example.com" }, rule: "Whitespace", key: "customerUserId" },
  { name: "trailing tab", input: { profileId: "alice@example.com\t" }, rule: "Whitespace", key: "profileId" },
  {
    name: "CRLF injection",
    input: { customerUserId: "alice@example.com\r\nx-injected: 1" },
    rule: "NotPrintableAscii",
    key: "customerUserId"
  },
  { name: "NUL", input: { profileId: "alice\u0000example" }, rule: "NotPrintableAscii", key: "profileId" },
  { name: "DEL", input: { profileId: "alice\u007fexample" }, rule: "NotPrintableAscii", key: "profileId" },
  { name: "non-ASCII é", input: { customerUserId: "aliceé@example.com" }, rule: "NotPrintableAscii", key: "customerUserId" },
  { name: "non-ASCII 日", input: { customerUserId: "alice日example" }, rule: "NotPrintableAscii", key: "customerUserId" },
  { name: "too long", input: { profileId: "alice-".repeat(1000) }, rule: "TooLong", key: "profileId" },
  { name: "the other key present as undefined", input: { customerUserId: "alice", profileId: undefined }, rule: "BothKeys" },
  { name: "an inherited key", input: Object.create({ customerUserId: "alice@example.com" }), rule: "NoKey" },
  {
    name: "a getter that throws",
    input: Object.defineProperty({}, "profileId", {
      enumerable: true,
      get: () => {
        throw new Error("alice")
      }
    }),
    rule: "Unreadable"
  }
]

const seed: ReadonlyArray<Profile> = [
  { profileId: "p-1", customerUserId: "user-1" },
  { profileId: "p-2", customerUserId: "user-2" },
  { profileId: "p-3" }
]

// Untrusted input, as a JavaScript caller or a decoded request could pass:
// the services must check it themselves, whatever the type says.
const untrusted = (input: unknown): ProfileLookup => input as ProfileLookup

const deleteProfile = (lookup: unknown) => ProfileService.deleteProfile(untrusted(lookup))

// The error of an effect that must fail; a success fails the test.
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flip(effect).pipe(Effect.orDieWith(() => new Error("expected a failure")))

const remainingIds = Effect.flatMap(InMemoryProfiles, (store) => store.remaining).pipe(
  Effect.map((profiles) => profiles.map((profile) => profile.profileId).sort())
)

const store = InMemoryProfiles

/**
 * A body for create, as the OpenAPI file's example has it (installation
 * meta with its device id, a name, an e-mail, two custom attributes).
 *
 * @since 0.2.0
 * @category fixtures
 */
export const createInput: ProfileInput = {
  firstName: Option.some("Jane"),
  email: Option.some("jane.doe@example.com"),
  customAttributes: [{ key: "favourite_sport", value: "yoga" }, { key: "level", value: 3 }],
  installationMeta: { deviceId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", platform: Option.some("iOS") }
}

const at = (iso: string): DateTime.Utc => DateTime.unsafeMake(iso)

/**
 * A subscription to record, as the OpenAPI file's example has it.
 *
 * @since 0.2.0
 * @category fixtures
 */
export const subscription: SubscriptionPurchase = {
  purchaseType: "subscription",
  store: "app_store",
  environment: "Sandbox",
  storeProductId: "premium_monthly",
  storeTransactionId: "1000000123456789",
  storeOriginalTransactionId: "1000000123456789",
  price: { country: "US", currency: "USD", value: 4.99 },
  purchasedAt: at("2024-01-15T10:30:00Z"),
  originallyPurchasedAt: at("2024-01-15T10:30:00Z"),
  expiresAt: at("2024-02-15T10:30:00Z"),
  renewStatus: true
}

/**
 * A one-time purchase to record.
 *
 * @since 0.2.0
 * @category fixtures
 */
export const oneTimePurchase: OneTimePurchase = {
  purchaseType: "one_time_purchase",
  store: "play_store",
  storeProductId: "lifetime_unlock",
  storeTransactionId: "GPA.3372-5423-1234-56789",
  storeOriginalTransactionId: "GPA.3372-5423-1234-56789",
  price: { country: "DE", currency: "EUR", value: 29.99 },
  purchasedAt: at("2024-03-01T08:00:00Z")
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// A profile as the wire writes it, timestamp left out: what two answers
// about an unchanged profile share.
const wireOf = (profile: ProfileSchema) => ({ ...Schema.encodeSync(ProfileSchema)(profile), timestamp: 0 })

const strictlyGrowing = (timestamps: ReadonlyArray<number>) => {
  for (let i = 1; i < timestamps.length; i++) {
    assert.isAbove(timestamps[i] ?? 0, timestamps[i - 1] ?? 0, `answer ${i} is newer than answer ${i - 1}`)
  }
}

const assertNotFound = (error: unknown) => {
  assert.instanceOf(error, ProfileNotFound)
  if (!(error instanceof ProfileNotFound)) return
  assert.strictEqual(error.status, 404)
  assert.strictEqual(error.details?.errorCode, "profile_does_not_exist")
  assert.isTrue(isConfirmedNotFound(error), "Adapty's own answer")
}

// Nothing reached the store: an invalid lookup or input is never sent.
const nothingRecorded = Effect.gen(function*() {
  assert.deepStrictEqual(yield* (yield* store).requests, [], "nothing reached the store")
})

const assertNoEcho = (error: InvalidProfileLookup | InvalidInput, secrets: ReadonlyArray<string>) => {
  for (const output of [error.reason, error.message, String(error), JSON.stringify(error)]) {
    for (const secret of secrets) assert.notInclude(output, secret)
  }
}

const tooManyAttributes: ProfileInput = {
  customAttributes: Array.from({ length: 31 }, (_, i) => ({ key: `key_${i}`, value: `value-${i}` }))
}

/**
 * One call of each operation, the errors an injected fault of each class
 * comes back as (the class itself, or what the live layer makes of its
 * status when the operation cannot end with that class).
 */
interface Case<R> {
  readonly name: OperationName
  readonly call: (lookup: ProfileLookup) => Effect.Effect<unknown, AdaptyError, R>
  /** Whether it sends a body, and so can end with `BadRequest`. */
  readonly body: boolean
}

const profileCases: ReadonlyArray<Case<ProfileService>> = [
  { name: "deleteProfile", call: (lookup) => ProfileService.deleteProfile(lookup), body: false },
  { name: "getProfile", call: (lookup) => ProfileService.getProfile(lookup), body: false },
  { name: "createProfile", call: (lookup) => ProfileService.createProfile(lookup, createInput), body: true },
  {
    name: "updateProfile",
    call: (lookup) => ProfileService.updateProfile(lookup, { lastName: Option.some("Doe") }),
    body: true
  }
]

const purchaseCases: ReadonlyArray<Case<PurchaseService>> = [
  {
    name: "grantAccessLevel",
    call: (lookup) => PurchaseService.grantAccessLevel(lookup, { accessLevelId: "premium" }),
    body: true
  },
  {
    name: "revokeAccessLevel",
    call: (lookup) => PurchaseService.revokeAccessLevel(lookup, { accessLevelId: "premium" }),
    body: true
  },
  { name: "setTransaction", call: (lookup) => PurchaseService.setTransaction(lookup, subscription), body: true }
]

// The scenarios every operation shares: invalid lookups and injected
// faults, registered for the operations given.
const sharedScenarios = <R>(
  test: (title: string, body: Effect.Effect<void, unknown, R | InMemoryProfiles>) => void,
  cases: ReadonlyArray<Case<R>>
) => {
  describe("invalid lookups fail with InvalidProfileLookup on every operation and send nothing", () => {
    for (const invalid of invalidLookups) {
      test(invalid.name, Effect.gen(function*() {
        for (const operation of cases) {
          const error = yield* failureOf(operation.call(untrusted(invalid.input)))
          assert.instanceOf(error, InvalidProfileLookup, operation.name)
          if (error._tag !== "InvalidProfileLookup") return
          assert.strictEqual(error.rule, invalid.rule, operation.name)
          assert.strictEqual(error.key, invalid.key, operation.name)
          assertNoEcho(error, ["alice"])
        }
        yield* nothingRecorded
      }))
    }
  })

  for (const operation of cases) {
    describe(`${operation.name}: an injected fault comes back as the same error`, () => {
      test("Unauthorized, 401, with its code", Effect.gen(function*() {
        const details = { errorCode: "not_authenticated", statusCode: 401, errors: ["Invalid API key"] }
        yield* (yield* store).failNext(new Unauthorized({ status: 401, details }), { operation: operation.name })
        const error = yield* failureOf(operation.call({ profileId: "p-1" }))
        assert.instanceOf(error, Unauthorized)
        if (error._tag !== "Unauthorized") return
        assert.strictEqual(error.status, 401)
        assert.deepStrictEqual(error.details?.errors, ["Invalid API key"])
      }))

      test("ServerError, 500, still after the retries", Effect.gen(function*() {
        yield* (yield* store).failNext(new ServerError({ status: 500 }), { times: Infinity, operation: operation.name })
        const error = yield* failureOf(operation.call({ customerUserId: "user-1" }))
        assert.instanceOf(error, ServerError)
        assert.strictEqual(error._tag === "ServerError" ? error.status : 0, 500)
      }))

      test("TransportError, still after the retries", Effect.gen(function*() {
        yield* (yield* store).failNext(new TransportError({ reason: "Network" }), {
          times: Infinity,
          operation: operation.name
        })
        const error = yield* failureOf(operation.call({ profileId: "p-2" }))
        assert.instanceOf(error, TransportError)
      }))

      test(
        operation.body ? "BadRequest, 400, with its body" : "a 400 as UnexpectedResponse (no body, no BadRequest)",
        Effect.gen(function*() {
          const details = {
            errorCode: "validation_error",
            statusCode: 400,
            errors: [{ source: "field", errors: ["Invalid."] }]
          }
          yield* (yield* store).failNext(new BadRequest({ status: 400, details }), { operation: operation.name })
          const error = yield* failureOf(operation.call({ profileId: "p-1" }))
          assert.strictEqual(error._tag, operation.body ? "BadRequest" : "UnexpectedResponse")
          if (error._tag !== "BadRequest" && error._tag !== "UnexpectedResponse") return
          assert.strictEqual(error.status, 400)
          assert.strictEqual(error.details?.errorCode, "validation_error")
        })
      )

      test("a fault for another operation leaves it alone", Effect.gen(function*() {
        const other = cases.find((candidate) => candidate.name !== operation.name)?.name ?? "getProfile"
        const s = yield* store
        yield* s.failNext(new Unauthorized({ status: 401 }), { operation: other })
        // Every operation of the list may run on p-3 in this state but create,
        // which needs a profile that is not there yet.
        const lookup = operation.name === "createProfile" ? { profileId: "p-new" } : { profileId: "p-3" }
        yield* operation.call(lookup)
        const calls = yield* s.calls
        assert.deepStrictEqual(calls.map((call) => call.operation), [operation.name])
      }))
    })
  }
}

// Registers one test per scenario, each on a fresh layer seeded with `seed`.
const tester = <R, E>(layer: Layer.Layer<R | InMemoryProfiles, E>) =>
(title: string, body: Effect.Effect<void, unknown, R | InMemoryProfiles>) =>
  it.live(title, () =>
    Effect.gen(function*() {
      yield* (yield* store).add(seed)
      yield* body
    }).pipe(Effect.provide(layer)))

/**
 * Registers the suite under `name`. `layer` is built anew for every test; it
 * must provide the `ProfileService` under test and the `InMemoryProfiles`
 * store behind it (directly, or behind the fake server). A live layer under
 * test should use short retry delays: some scenarios inject faults that it
 * retries.
 *
 * @since 0.1.0
 * @category suites
 */
export const suite = <E>(name: string, layer: Layer.Layer<ProfileService | InMemoryProfiles, E>): void => {
  describe(name, () => {
    const test = tester<ProfileService, E>(layer)

    test("deletes a profile by profileId", Effect.gen(function*() {
      yield* deleteProfile({ profileId: "p-1" })
      assert.deepStrictEqual(yield* remainingIds, ["p-2", "p-3"])
      const store = yield* InMemoryProfiles
      assert.deepStrictEqual(yield* store.deleted, [{ profileId: "p-1", customerUserId: "user-1" }])
    }))

    test("deletes a profile by customerUserId", Effect.gen(function*() {
      yield* deleteProfile({ customerUserId: "user-2" })
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-3"])
    }))

    test("a deleted profile is gone by either identifier", Effect.gen(function*() {
      yield* deleteProfile({ customerUserId: "user-1" })
      const byId = yield* failureOf(deleteProfile({ profileId: "p-1" }))
      assert.strictEqual(byId._tag, "ProfileNotFound")
      const byUser = yield* failureOf(deleteProfile({ customerUserId: "user-1" }))
      assert.strictEqual(byUser._tag, "ProfileNotFound")
    }))

    test("a second delete fails with ProfileNotFound, 404, profile_does_not_exist", Effect.gen(function*() {
      yield* deleteProfile({ profileId: "p-3" })
      const error = yield* failureOf(deleteProfile({ profileId: "p-3" }))
      assert.instanceOf(error, ProfileNotFound)
      if (error._tag !== "ProfileNotFound") return
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.details?.errorCode, "profile_does_not_exist")
      assert.strictEqual(error.details?.statusCode, 404)
      assert.isTrue(isConfirmedNotFound(error), "Adapty's own answer: it proves the profile is gone")
    }))

    test("an unknown profile fails with ProfileNotFound and deletes nothing", Effect.gen(function*() {
      const error = yield* failureOf(deleteProfile({ customerUserId: "nobody" }))
      assert.instanceOf(error, ProfileNotFound)
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
    }))

    test("identifiers are matched exactly, case and punctuation included", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.add([{ profileId: "P-1" }, { profileId: "x/y?z=1&a#b" }])
      yield* deleteProfile({ profileId: "x/y?z=1&a#b" })
      yield* deleteProfile({ profileId: "P-1" })
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
    }))

    describe("invalid lookups fail with InvalidProfileLookup and send nothing", () => {
      for (const invalid of invalidLookups) {
        test(invalid.name, Effect.gen(function*() {
          const error = yield* failureOf(deleteProfile(invalid.input))
          assert.instanceOf(error, InvalidProfileLookup)
          if (error._tag !== "InvalidProfileLookup") return
          assert.strictEqual(error.rule, invalid.rule)
          assert.strictEqual(error.key, invalid.key)
          for (const output of [error.reason, error.message, String(error), JSON.stringify(error)]) {
            assert.notInclude(output, "alice")
          }
          const store = yield* InMemoryProfiles
          assert.deepStrictEqual(yield* store.requests, [])
          assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
        }))
      }
    })

    test("an injected Unauthorized comes back as Unauthorized, 401, with its code", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(
        new Unauthorized({
          status: 401,
          details: { errorCode: "not_authenticated", statusCode: 401, errors: ["Invalid API key"] }
        })
      )
      const error = yield* failureOf(deleteProfile({ profileId: "p-1" }))
      assert.instanceOf(error, Unauthorized)
      if (error._tag !== "Unauthorized") return
      assert.strictEqual(error.status, 401)
      assert.deepStrictEqual(error.details?.errors, ["Invalid API key"])
      // The fault was used up: the profile is still there and the next call deletes it.
      yield* deleteProfile({ profileId: "p-1" })
      assert.deepStrictEqual(yield* remainingIds, ["p-2", "p-3"])
    }))

    test("an injected 500 comes back as ServerError, and nothing is deleted", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new ServerError({ status: 500 }), { times: Infinity })
      const error = yield* failureOf(deleteProfile({ profileId: "p-1" }))
      assert.instanceOf(error, ServerError)
      if (error._tag !== "ServerError") return
      assert.strictEqual(error.status, 500)
      assert.isUndefined(error.details)
      yield* store.clearFaults
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
    }))

    test("an injected 429 comes back as RateLimited with its Retry-After", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(
        new RateLimited({
          status: 429,
          retryAfter: Duration.seconds(1),
          details: { errorCode: "rate_limited", statusCode: 429, errors: [{ source: null, errors: ["Slow down"] }] }
        }),
        { times: Infinity }
      )
      const error = yield* failureOf(deleteProfile({ customerUserId: "user-1" }))
      assert.instanceOf(error, RateLimited)
      if (error._tag !== "RateLimited") return
      assert.strictEqual(error.status, 429)
      assert.strictEqual(error.details?.errorCode, "rate_limited")
      assert.isTrue(error.retryAfter !== undefined && Duration.equals(error.retryAfter, Duration.seconds(1)))
    }))

    test("an injected 503 that says to come back in two minutes comes back as ServerError with it", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new ServerError({ status: 503, retryAfter: Duration.minutes(2) }), { times: Infinity })
      const error = yield* failureOf(deleteProfile({ customerUserId: "user-1" }))
      assert.instanceOf(error, ServerError)
      if (error._tag !== "ServerError") return
      assert.strictEqual(error.status, 503)
      assert.isTrue(error.retryAfter !== undefined && Duration.equals(error.retryAfter, Duration.minutes(2)))
    }))

    test("an injected 418 comes back as UnexpectedResponse", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new UnexpectedResponse({ status: 418 }))
      const error = yield* failureOf(deleteProfile({ profileId: "p-2" }))
      assert.instanceOf(error, UnexpectedResponse)
      assert.strictEqual((error as UnexpectedResponse).status, 418)
    }))

    test("an injected network failure comes back as TransportError", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new TransportError({ reason: "Network" }), { times: Infinity })
      const error = yield* failureOf(deleteProfile({ profileId: "p-2" }))
      assert.instanceOf(error, TransportError)
      assert.strictEqual((error as TransportError).reason, "Network")
      yield* store.clearFaults
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
    }))

    test("concurrent deletes of one profile: exactly one succeeds", Effect.gen(function*() {
      const results = yield* Effect.all(
        Array.from({ length: 20 }, () => Effect.either(deleteProfile({ profileId: "p-1" }))),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.filter(Either.isRight).length, 1)
      for (const result of results) {
        if (Either.isLeft(result)) assert.strictEqual(result.left._tag, "ProfileNotFound")
      }
    }))

    test("500 concurrent deletes all succeed and empty the store", Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      const profiles = Array.from({ length: 500 }, (_, i) => ({ profileId: `bulk-${i}`, customerUserId: `bulk-user-${i}` }))
      yield* store.add(profiles)
      yield* Effect.forEach(
        profiles,
        (profile, i) => deleteProfile(i % 2 === 0 ? { profileId: profile.profileId } : { customerUserId: profile.customerUserId }),
        { concurrency: "unbounded", discard: true }
      )
      assert.deepStrictEqual(yield* remainingIds, ["p-1", "p-2", "p-3"])
      assert.strictEqual((yield* store.deleted).length, 500)
    }))

    test("create by profileId, get, update, get: each answer is the profile as it is", Effect.gen(function*() {
      const lookup = { profileId: "new-1" }
      const created = yield* ProfileService.createProfile(lookup, createInput)
      assert.strictEqual(created.profileId, "new-1")
      assert.deepStrictEqual(created.customerUserId, Option.none())
      assert.deepStrictEqual(created.customAttributes, [{ key: "favourite_sport", value: "yoga" }, { key: "level", value: 3 }])
      assert.deepStrictEqual([created.accessLevels, created.subscriptions, created.nonSubscriptions], [[], [], []])

      const got = yield* ProfileService.getProfile(lookup)
      assert.deepStrictEqual(wireOf(got), wireOf(created))

      const updated = yield* ProfileService.updateProfile(lookup, {
        lastName: Option.some("Doe"),
        customAttributes: [{ key: "level", value: 4 }, { key: "plan", value: "gold" }]
      })
      // Custom attributes merge by key (the double's reading: Adapty does not say).
      assert.deepStrictEqual(updated.customAttributes, [
        { key: "favourite_sport", value: "yoga" },
        { key: "level", value: 4 },
        { key: "plan", value: "gold" }
      ])
      const again = yield* ProfileService.getProfile(lookup)
      assert.deepStrictEqual(wireOf(again), wireOf(updated))
      assert.deepStrictEqual(Option.map(yield* (yield* store).get(lookup), wireOf), Option.some(wireOf(again)))
      strictlyGrowing([created.timestamp, got.timestamp, updated.timestamp, again.timestamp])
    }))

    test("update changes the fields given and only those; Option.none() clears one", Effect.gen(function*() {
      const lookup = { customerUserId: "new-user" }
      yield* ProfileService.createProfile(lookup, createInput)
      yield* ProfileService.updateProfile(lookup, { lastName: Option.some("Doe") })
      const s = yield* store
      const first = Option.getOrThrow(yield* s.details(lookup))
      assert.deepStrictEqual(first.firstName, Option.some("Jane"))
      assert.deepStrictEqual(first.lastName, Option.some("Doe"))
      assert.deepStrictEqual(first.email, Option.some("jane.doe@example.com"))
      assert.strictEqual(first.installationMeta?.deviceId, "3fa85f64-5717-4562-b3fc-2c963f66afa6")

      const cleared = yield* ProfileService.updateProfile(lookup, { firstName: Option.none() })
      const second = Option.getOrThrow(yield* s.details(lookup))
      assert.deepStrictEqual(second.firstName, Option.none())
      assert.deepStrictEqual(second.lastName, Option.some("Doe"))
      assert.deepStrictEqual(second.email, Option.some("jane.doe@example.com"))
      assert.deepStrictEqual(cleared.customAttributes.map((attribute) => attribute.key), ["favourite_sport", "level"])
    }))

    test("create by customerUserId gives a new UUID profileId; get works by either identifier", Effect.gen(function*() {
      const created = yield* ProfileService.createProfile({ customerUserId: "new-user" }, createInput)
      assert.match(created.profileId, uuid)
      assert.deepStrictEqual(created.customerUserId, Option.some("new-user"))
      const byId = yield* ProfileService.getProfile({ profileId: created.profileId })
      const byUser = yield* ProfileService.getProfile({ customerUserId: "new-user" })
      assert.strictEqual(byId.profileId, created.profileId)
      assert.strictEqual(byUser.profileId, created.profileId)
      const other = yield* ProfileService.createProfile({ customerUserId: "other-user" }, createInput)
      assert.notStrictEqual(other.profileId, created.profileId)
    }))

    test("creating a profile that exists fails with BadRequest, 400, and changes nothing", Effect.gen(function*() {
      yield* ProfileService.createProfile({ customerUserId: "new-user" }, createInput)
      for (const lookup of [{ profileId: "p-1" }, { customerUserId: "user-2" }, { customerUserId: "new-user" }]) {
        const error = yield* failureOf(ProfileService.createProfile(lookup, createInput))
        assert.instanceOf(error, BadRequest)
        if (error._tag !== "BadRequest") return
        assert.strictEqual(error.status, 400)
        // The double's choice: Adapty documents no answer for it.
        assert.strictEqual(error.details?.errorCode, "profile_already_exists")
      }
      const p1 = Option.getOrThrow(yield* (yield* store).get({ profileId: "p-1" }))
      assert.deepStrictEqual(p1.customAttributes, [])
      assert.deepStrictEqual(yield* remainingIds.pipe(Effect.map((ids) => ids.length)), 4)
    }))

    test("get and update of an absent profile fail with ProfileNotFound, 404, profile_does_not_exist", Effect.gen(function*() {
      assertNotFound(yield* failureOf(ProfileService.getProfile({ profileId: "nobody" })))
      assertNotFound(yield* failureOf(ProfileService.getProfile({ customerUserId: "nobody" })))
      assertNotFound(yield* failureOf(ProfileService.updateProfile({ profileId: "nobody" }, { lastName: Option.some("Doe") })))
      yield* deleteProfile({ customerUserId: "user-1" })
      assertNotFound(yield* failureOf(ProfileService.getProfile({ profileId: "p-1" })))
      assertNotFound(yield* failureOf(ProfileService.updateProfile({ customerUserId: "user-1" }, {})))
      assert.isFalse(yield* (yield* store).has({ profileId: "nobody" }), "an update creates nothing")
    }))

    test("a profile seeded by its identifiers reads as an empty profile", Effect.gen(function*() {
      const profile = yield* ProfileService.getProfile({ customerUserId: "user-2" })
      assert.strictEqual(profile.profileId, "p-2")
      assert.deepStrictEqual(profile.customerUserId, Option.some("user-2"))
      assert.strictEqual(profile.totalRevenueUsd, 0)
      assert.deepStrictEqual(
        [profile.customAttributes, profile.accessLevels, profile.subscriptions, profile.nonSubscriptions],
        [[], [], [], []]
      )
      const anonymous = yield* ProfileService.getProfile({ profileId: "p-3" })
      assert.deepStrictEqual(anonymous.customerUserId, Option.none())
    }))

    test("a profile seeded with its fields reads back as seeded", Effect.gen(function*() {
      const level: AccessLevel = {
        accessLevelId: "premium",
        store: "app_store",
        storeProductId: "unlimited.9999",
        storeBasePlanId: Option.none(),
        storeTransactionId: "2000000335013007",
        storeOriginalTransactionId: "2000000335013007",
        offer: Option.some({ category: "introductory", type: "free_trial", id: Option.none() }),
        startsAt: Option.none(),
        purchasedAt: at("2024-12-24T10:50:23Z"),
        originallyPurchasedAt: at("2024-12-24T10:50:23Z"),
        expiresAt: Option.none(),
        renewalCancelledAt: Option.some(at("2025-01-05T13:27:47.461Z")),
        billingIssueDetectedAt: Option.none(),
        isInGracePeriod: false,
        cancellationReason: Option.none()
      }
      const s = yield* store
      yield* s.add([{
        profileId: "rich",
        customerUserId: "rich-user",
        totalRevenueUsd: 9.99,
        customAttributes: [{ key: "favourite_sport", value: "yoga" }],
        accessLevels: [level]
      }])
      const profile = yield* ProfileService.getProfile({ customerUserId: "rich-user" })
      assert.strictEqual(profile.totalRevenueUsd, 9.99)
      assert.deepStrictEqual(wireOf(profile), wireOf(Option.getOrThrow(yield* s.get({ profileId: "rich" }))))
      const encodeLevel = Schema.encodeSync(AccessLevel)
      assert.deepStrictEqual(profile.accessLevels.map((read) => encodeLevel(read)), [encodeLevel(level)])
    }))

    test("every answer carries a timestamp newer than the last", Effect.gen(function*() {
      const timestamps: Array<number> = []
      timestamps.push((yield* ProfileService.createProfile({ profileId: "t-1" }, createInput)).timestamp)
      for (let i = 0; i < 5; i++) {
        timestamps.push((yield* ProfileService.getProfile({ profileId: i % 2 === 0 ? "t-1" : "p-1" })).timestamp)
        timestamps.push((yield* ProfileService.updateProfile({ profileId: "t-1" }, { lastName: Option.some(`n${i}`) })).timestamp)
      }
      strictlyGrowing(timestamps)
    }))

    describe("invalid input fails with InvalidInput, names the field, and sends nothing", () => {
      test("31 custom attributes", Effect.gen(function*() {
        for (
          const call of [
            ProfileService.createProfile({ profileId: "new-1" }, { ...createInput, ...tooManyAttributes }),
            ProfileService.updateProfile({ profileId: "p-1" }, tooManyAttributes)
          ]
        ) {
          const error = yield* failureOf(call)
          assert.instanceOf(error, InvalidInput)
          if (error._tag !== "InvalidInput") return
          assert.include(error.reason, "customAttributes")
          assertNoEcho(error, ["value-30"])
        }
        yield* nothingRecorded
      }))

      test("a key outside letters, digits, '-', '.' and '_', a value over 50 characters", Effect.gen(function*() {
        for (
          const attribute of [{ key: "alice@example.com", value: "x" }, { key: "ok", value: "alice".repeat(11) }]
        ) {
          const error = yield* failureOf(ProfileService.updateProfile({ profileId: "p-1" }, { customAttributes: [attribute] }))
          assert.instanceOf(error, InvalidInput)
          if (error._tag !== "InvalidInput") return
          assertNoEcho(error, ["alice"])
        }
        yield* nothingRecorded
      }))

      test("a create without installationMeta", Effect.gen(function*() {
        const error = yield* failureOf(ProfileService.createProfile({ profileId: "new-1" }, { firstName: Option.some("Jane") }))
        assert.instanceOf(error, InvalidInput)
        if (error._tag !== "InvalidInput") return
        assert.include(error.reason, "installationMeta")
        assertNoEcho(error, ["Jane"])
        yield* nothingRecorded
        assert.isFalse(yield* (yield* store).has({ profileId: "new-1" }))
      }))
    })

    sharedScenarios(test, profileCases)
  })
}

const levelIds = (profile: ProfileSchema) => profile.accessLevels.map((level) => level.accessLevelId)

const sameTime = (a: Option.Option<DateTime.Utc>, b: Option.Option<DateTime.Utc>) =>
  assert.deepStrictEqual(Option.map(a, DateTime.toEpochMillis), Option.map(b, DateTime.toEpochMillis))

/**
 * Registers the `PurchaseService` suite under `name`: grant, revoke and set
 * transaction, on profiles the store was seeded with. `layer` is built anew
 * for every test; it must provide the `PurchaseService` under test and the
 * `InMemoryProfiles` store behind it. A live layer under test should use
 * short retry delays.
 *
 * @since 0.2.0
 * @category suites
 */
export const purchaseSuite = <E>(name: string, layer: Layer.Layer<PurchaseService | InMemoryProfiles, E>): void => {
  describe(name, () => {
    const test = tester<PurchaseService, E>(layer)

    test("grant adds an access level; a second grant of that id replaces it", Effect.gen(function*() {
      const lookup = { profileId: "p-1" }
      const until = at("2030-01-01T00:00:00Z")
      const first = yield* PurchaseService.grantAccessLevel(lookup, { accessLevelId: "premium", expiresAt: until })
      assert.deepStrictEqual(levelIds(first), ["premium"])
      sameTime(first.accessLevels[0]?.expiresAt ?? Option.none(), Option.some(until))

      const starts = at("2029-06-01T00:00:00Z")
      const second = yield* PurchaseService.grantAccessLevel({ customerUserId: "user-1" }, {
        accessLevelId: "premium",
        startsAt: starts
      })
      assert.deepStrictEqual(levelIds(second), ["premium"], "replaced, not added")
      const level = second.accessLevels[0]
      sameTime(level?.startsAt ?? Option.none(), Option.some(starts))
      sameTime(level?.expiresAt ?? Option.none(), Option.none())

      const third = yield* PurchaseService.grantAccessLevel(lookup, { accessLevelId: "vip" })
      assert.deepStrictEqual(levelIds(third), ["premium", "vip"])
      assert.deepStrictEqual(
        Option.map(yield* (yield* store).get(lookup), wireOf),
        Option.some(wireOf(third)),
        "the store holds what the answer says"
      )
    }))

    test("grant then revoke without revokeAt: the access level is gone at once", Effect.gen(function*() {
      yield* PurchaseService.grantAccessLevel({ profileId: "p-2" }, { accessLevelId: "premium" })
      yield* PurchaseService.grantAccessLevel({ profileId: "p-2" }, { accessLevelId: "vip" })
      const revoked = yield* PurchaseService.revokeAccessLevel({ customerUserId: "user-2" }, { accessLevelId: "premium" })
      assert.deepStrictEqual(levelIds(revoked), ["vip"])
      const stored = Option.getOrThrow(yield* (yield* store).get({ profileId: "p-2" }))
      assert.deepStrictEqual(levelIds(stored), ["vip"])
    }))

    test("revoke with a future revokeAt keeps the access level until then; a past one removes it", Effect.gen(function*() {
      const lookup = { profileId: "p-3" }
      yield* PurchaseService.grantAccessLevel(lookup, { accessLevelId: "premium" })
      yield* PurchaseService.grantAccessLevel(lookup, { accessLevelId: "vip" })
      const tomorrow = DateTime.add(yield* DateTime.now, { days: 1 })
      const scheduled = yield* PurchaseService.revokeAccessLevel(lookup, { accessLevelId: "premium", revokeAt: tomorrow })
      assert.deepStrictEqual(levelIds(scheduled), ["premium", "vip"])
      sameTime(scheduled.accessLevels[0]?.expiresAt ?? Option.none(), Option.some(tomorrow))

      const yesterday = DateTime.subtract(yield* DateTime.now, { days: 1 })
      const past = yield* PurchaseService.revokeAccessLevel(lookup, { accessLevelId: "vip", revokeAt: yesterday })
      assert.deepStrictEqual(levelIds(past), ["premium"])
    }))

    test("set transaction: a subscription goes to subscriptions, a one-time purchase to nonSubscriptions", Effect.gen(function*() {
      const afterSubscription = yield* PurchaseService.setTransaction({ profileId: "p-1" }, subscription)
      assert.deepStrictEqual(afterSubscription.subscriptions.map((s) => s.storeTransactionId), ["1000000123456789"])
      assert.deepStrictEqual(afterSubscription.nonSubscriptions, [])
      const recorded = afterSubscription.subscriptions[0]
      assert.strictEqual(recorded?.storeProductId, "premium_monthly")
      assert.strictEqual(recorded?.environment, "Sandbox")
      sameTime(recorded?.expiresAt ?? Option.none(), Option.some(subscription.expiresAt))

      const afterPurchase = yield* PurchaseService.setTransaction({ customerUserId: "user-1" }, oneTimePurchase)
      assert.deepStrictEqual(afterPurchase.subscriptions.map((s) => s.storeTransactionId), ["1000000123456789"])
      assert.deepStrictEqual(afterPurchase.nonSubscriptions.map((p) => p.storeTransactionId), ["GPA.3372-5423-1234-56789"])
      const purchase = afterPurchase.nonSubscriptions[0]
      assert.strictEqual(purchase?.storeProductId, "lifetime_unlock")
      assert.strictEqual(purchase?.environment, "Production", "Adapty's default when none is sent")
      assert.isFalse(purchase?.isRefund)
    }))

    test("resending a known storeTransactionId updates that transaction, never adds a second", Effect.gen(function*() {
      const lookup = { profileId: "p-2" }
      yield* PurchaseService.setTransaction(lookup, subscription)
      const billingIssue = at("2024-02-10T00:00:00Z")
      const updated = yield* PurchaseService.setTransaction(lookup, {
        ...subscription,
        billingIssueDetectedAt: Option.some(billingIssue)
      })
      assert.strictEqual(updated.subscriptions.length, 1)
      sameTime(updated.subscriptions[0]?.billingIssueDetectedAt ?? Option.none(), Option.some(billingIssue))

      const first = yield* PurchaseService.setTransaction(lookup, oneTimePurchase)
      const refunded = yield* PurchaseService.setTransaction(lookup, {
        ...oneTimePurchase,
        refundedAt: Option.some(at("2024-03-02T00:00:00Z"))
      })
      assert.strictEqual(refunded.nonSubscriptions.length, 1)
      assert.strictEqual(refunded.nonSubscriptions[0]?.purchaseId, first.nonSubscriptions[0]?.purchaseId)
      assert.isTrue(refunded.nonSubscriptions[0]?.isRefund)
      assert.strictEqual(refunded.subscriptions.length, 1)
    }))

    test("grant, revoke and set transaction of an absent profile fail with ProfileNotFound", Effect.gen(function*() {
      for (const operation of purchaseCases) {
        assertNotFound(yield* failureOf(operation.call({ profileId: "nobody" })))
        assertNotFound(yield* failureOf(operation.call({ customerUserId: "nobody" })))
      }
      assert.isFalse(yield* (yield* store).has({ profileId: "nobody" }))
    }))

    test("every answer carries a timestamp newer than the last", Effect.gen(function*() {
      const timestamps: Array<number> = []
      for (let i = 0; i < 3; i++) {
        timestamps.push((yield* PurchaseService.grantAccessLevel({ profileId: "p-1" }, { accessLevelId: "premium" })).timestamp)
        timestamps.push((yield* PurchaseService.setTransaction({ customerUserId: "user-1" }, subscription)).timestamp)
        timestamps.push((yield* PurchaseService.revokeAccessLevel({ profileId: "p-2" }, { accessLevelId: "premium" })).timestamp)
      }
      strictlyGrowing(timestamps)
    }))

    test("a storeTransactionId over 50 characters fails with InvalidInput and sends nothing", Effect.gen(function*() {
      const long = "alice".repeat(11)
      for (
        const transaction of [
          { ...subscription, storeTransactionId: long },
          { ...oneTimePurchase, storeOriginalTransactionId: long }
        ]
      ) {
        const error = yield* failureOf(PurchaseService.setTransaction({ profileId: "p-1" }, transaction))
        assert.instanceOf(error, InvalidInput)
        if (error._tag !== "InvalidInput") return
        assert.include(error.reason, "TransactionId")
        assertNoEcho(error, ["alice"])
      }
      yield* nothingRecorded
    }))

    sharedScenarios(test, purchaseCases)
  })
}

/**
 * Registers both suites under `name` ({@link suite} and
 * {@link purchaseSuite}), and the scenarios that take both services: a
 * profile created through `ProfileService` is the one `PurchaseService`
 * changes. `layer` must provide both services and the `InMemoryProfiles`
 * store behind them, such as `InMemoryAdapty.layer()` or the live layers over
 * the fake server.
 *
 * @since 0.2.0
 * @category suites
 */
export const adaptySuite = <E>(
  name: string,
  layer: Layer.Layer<ProfileService | PurchaseService | InMemoryProfiles, E>
): void => {
  describe(name, () => {
    suite("ProfileService", layer)
    purchaseSuite("PurchaseService", layer)

    describe("both services", () => {
      const test = tester<ProfileService | PurchaseService, E>(layer)

      test("a profile created by customer user id takes a grant by its new profile id", Effect.gen(function*() {
        const created = yield* ProfileService.createProfile({ customerUserId: "new-user" }, createInput)
        yield* PurchaseService.grantAccessLevel({ profileId: created.profileId }, { accessLevelId: "premium" })
        yield* PurchaseService.setTransaction({ customerUserId: "new-user" }, subscription)
        const profile = yield* ProfileService.getProfile({ customerUserId: "new-user" })
        assert.deepStrictEqual(levelIds(profile), ["premium"])
        assert.strictEqual(profile.subscriptions.length, 1)
        assert.deepStrictEqual(profile.customAttributes, created.customAttributes)
      }))

      test("an update keeps access levels and purchases", Effect.gen(function*() {
        yield* PurchaseService.grantAccessLevel({ profileId: "p-1" }, { accessLevelId: "premium" })
        yield* PurchaseService.setTransaction({ profileId: "p-1" }, oneTimePurchase)
        const updated = yield* ProfileService.updateProfile({ profileId: "p-1" }, { lastName: Option.some("Doe") })
        assert.deepStrictEqual(levelIds(updated), ["premium"])
        assert.strictEqual(updated.nonSubscriptions.length, 1)
      }))

      test("a deleted profile takes no grant", Effect.gen(function*() {
        yield* ProfileService.deleteProfile({ profileId: "p-2" })
        assertNotFound(yield* failureOf(PurchaseService.grantAccessLevel({ customerUserId: "user-2" }, { accessLevelId: "premium" })))
      }))

      test("timestamps grow across both services", Effect.gen(function*() {
        const timestamps: Array<number> = []
        for (let i = 0; i < 3; i++) {
          timestamps.push((yield* ProfileService.getProfile({ profileId: "p-1" })).timestamp)
          timestamps.push((yield* PurchaseService.grantAccessLevel({ profileId: "p-2" }, { accessLevelId: "vip" })).timestamp)
        }
        strictlyGrowing(timestamps)
      }))
    })
  })
}
