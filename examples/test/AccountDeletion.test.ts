import { ProfileNotFound, RateLimited, ServerError, TransportError, Unauthorized } from "@effect-adapty/core"
import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { AccountDeletion, ErasureFailed, ErasurePending, UserNotFound, UserRepository } from "../src/AccountDeletion.js"

// The unit under test runs on the in-memory ProfileService: no network, and
// faults on demand through InMemoryProfiles.
const TestLayer = AccountDeletion.layer.pipe(
  Layer.provideMerge(InMemoryProfileService.layer({ profiles: [{ profileId: "p-ada", customerUserId: "ada" }] })),
  Layer.provideMerge(UserRepository.layerMemory([
    { id: "ada", email: "ada@example.com" },
    { id: "bob", email: "bob@example.com" }
  ]))
)

const userExists = (id: string) => Effect.flatMap(UserRepository, (users) => Effect.map(users.find(id), Option.isSome))

describe("AccountDeletion", () => {
  it.effect("deletes the Adapty profile, then the user record", () =>
    Effect.gen(function*() {
      const accounts = yield* AccountDeletion
      const result = yield* accounts.deleteAccount("ada")
      assert.deepStrictEqual(result, { adaptyProfile: "deleted" })
      const store = yield* InMemoryProfiles
      assert.deepStrictEqual(yield* store.remaining, [])
      assert.isFalse(yield* userExists("ada"))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a user with no Adapty profile is still erased", () =>
    Effect.gen(function*() {
      const result = yield* (yield* AccountDeletion).deleteAccount("bob")
      assert.deepStrictEqual(result, { adaptyProfile: "already-absent" })
      assert.isFalse(yield* userExists("bob"))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("an unknown user fails with UserNotFound and calls nobody", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* AccountDeletion).deleteAccount("nobody"))
      assert.instanceOf(error, UserNotFound)
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(TestLayer)))

  for (
    const fault of [
      new ServerError({ status: 503 }),
      new RateLimited({ status: 429 }),
      new TransportError({ reason: "Timeout" })
    ]
  ) {
    it.effect(`a transient ${fault._tag} keeps the user and the profile for a retry`, () =>
      Effect.gen(function*() {
        const store = yield* InMemoryProfiles
        yield* store.failNext(fault)
        const error = yield* Effect.flip((yield* AccountDeletion).deleteAccount("ada"))
        assert.instanceOf(error, ErasurePending)
        assert.isTrue(yield* userExists("ada"))
        assert.strictEqual((yield* store.remaining).length, 1)
        // The retry, once Adapty is back, finishes the job.
        assert.deepStrictEqual(yield* (yield* AccountDeletion).deleteAccount("ada"), { adaptyProfile: "deleted" })
        assert.isFalse(yield* userExists("ada"))
      }).pipe(Effect.provide(TestLayer)))
  }

  it.effect("a rejected API key is ErasureFailed, and nothing is removed", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(new Unauthorized({ status: 401 }))
      const error = yield* Effect.flip((yield* AccountDeletion).deleteAccount("ada"))
      assert.instanceOf(error, ErasureFailed)
      assert.strictEqual(error.cause, "Unauthorized")
      assert.isTrue(yield* userExists("ada"))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a 404 that is not Adapty's answer (a proxy's page) is ErasureFailed: the user record stays", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(new ProfileNotFound({ status: 404 }))
      const error = yield* Effect.flip((yield* AccountDeletion).deleteAccount("ada"))
      assert.instanceOf(error, ErasureFailed)
      assert.isTrue(yield* userExists("ada"))
    }).pipe(Effect.provide(TestLayer)))
})
