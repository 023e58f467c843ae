/**
 * The conformance suite: what "behaves like Adapty" means, written once and
 * run against every implementation of `ProfileService` (the in-memory layer,
 * and the live layer over the fake server, on each transport). Import it
 * from `@effect-adapty/testing/ProfileServiceSuite`; it needs `@effect/vitest`.
 *
 * @since 0.1.0
 */
import {
  type DeleteProfileError,
  InvalidProfileLookup,
  isConfirmedNotFound,
  type LookupKey,
  type LookupRule,
  type ProfileLookup,
  ProfileNotFound,
  ProfileService,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import { InMemoryProfiles, type Profile } from "./InMemoryProfiles.js"

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

const deleteProfile = (lookup: unknown) =>
  // Untrusted input, as a JavaScript caller or a decoded request could pass.
  ProfileService.deleteProfile(lookup as ProfileLookup)

const failureOf = <A, R>(effect: Effect.Effect<A, DeleteProfileError, R>) =>
  Effect.map(Effect.either(effect), (either) => {
    assert.isTrue(Either.isLeft(either), "expected a failure")
    return (either as Either.Left<DeleteProfileError, A>).left
  })

const remainingIds = Effect.flatMap(InMemoryProfiles, (store) => store.remaining).pipe(
  Effect.map((profiles) => profiles.map((profile) => profile.profileId).sort())
)

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
    const test = (title: string, body: Effect.Effect<void, unknown, ProfileService | InMemoryProfiles>) =>
      it.live(title, () =>
        Effect.gen(function*() {
          const store = yield* InMemoryProfiles
          yield* store.add(seed)
          yield* body
        }).pipe(Effect.provide(layer)))

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
  })
}
