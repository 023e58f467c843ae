import { BadRequest, Operation, ServerError } from "@effect-adapty/core"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Layer, Option, Redacted } from "effect"
import { createServer } from "node:http"

const key = "fake-server-key"
const auth = { authorization: `Api-Key ${key}` }

const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make(key) }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-1", customerUserId: "u-1" }] })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

const send = (
  operation: { readonly method: string; readonly path: string },
  headers: Record<string, string>,
  body?: string
) =>
  Effect.gen(function*() {
    const url = yield* FakeAdaptyServer.url
    const response = yield* Effect.promise(() =>
      fetch(`${url}${operation.path}`, {
        method: operation.method,
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        ...(body === undefined ? {} : { body })
      })
    )
    const text = yield* Effect.promise(() => response.text())
    const json: unknown = text === "" ? undefined : JSON.parse(text)
    return { status: response.status, text, json }
  })

const errorCodeOf = (json: unknown): unknown =>
  typeof json === "object" && json !== null && "error_code" in json ? json.error_code : undefined

const sourcesOf = (json: unknown): ReadonlyArray<unknown> =>
  typeof json === "object" && json !== null && "errors" in json && Array.isArray(json.errors)
    ? json.errors.map((item: unknown) =>
      typeof item === "object" && item !== null && "source" in item ? item.source : undefined
    )
    : []

const profileOf = (json: unknown) => {
  const decoded = Operation.getProfile.decodeResponse(json)
  assert.isTrue(Either.isRight(decoded), "a 200 body is {\"data\": Profile}")
  return Either.getOrThrow(decoded)
}

const createBody = JSON.stringify({
  first_name: "Jane",
  custom_attributes: [{ key: "favourite_sport", value: "yoga" }],
  installation_meta: { device_id: "3fa85f64-5717-4562-b3fc-2c963f66afa6" }
})

describe("FakeAdaptyServer serves every declared operation", () => {
  it("lists every operation of Operation.all", () => {
    assert.deepStrictEqual(FakeAdaptyServer.operations, Operation.all.map((operation) => operation.name))
  })

  it.live("answers 400 validation_error, never 404, to every operation without exactly one lookup header", () =>
    Effect.gen(function*() {
      for (const operation of Operation.all) {
        for (const headers of [auth, { ...auth, "adapty-profile-id": "p-1", "adapty-customer-user-id": "u-1" }]) {
          const response = yield* send(operation, headers, operation.decodeRequest === undefined ? undefined : "{}")
          assert.strictEqual(response.status, 400, operation.name)
          assert.strictEqual(errorCodeOf(response.json), "validation_error", operation.name)
        }
      }
      const store = yield* InMemoryProfiles
      assert.deepStrictEqual(yield* store.requests, [], "no request reached the store")
    }).pipe(Effect.provide(Fake)))

  it.live("create, get, update, grant, revoke and set transaction answer 200 {\"data\": profile}", () =>
    Effect.gen(function*() {
      const byUser = { ...auth, "adapty-customer-user-id": "u-2" }
      const created = yield* send(Operation.createProfile, byUser, createBody)
      assert.strictEqual(created.status, 200)
      const profile = profileOf(created.json)
      assert.match(profile.profileId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.deepStrictEqual(profile.customerUserId, Option.some("u-2"))

      const got = yield* send(Operation.getProfile, { ...auth, "adapty-profile-id": profile.profileId })
      assert.strictEqual(got.status, 200)
      assert.strictEqual(profileOf(got.json).profileId, profile.profileId)

      const updated = yield* send(Operation.updateProfile, byUser, JSON.stringify({ first_name: null }))
      assert.strictEqual(updated.status, 200)
      const store = yield* InMemoryProfiles
      const details = Option.getOrThrow(yield* store.details({ customerUserId: "u-2" }))
      assert.deepStrictEqual(details.firstName, Option.none())

      const granted = yield* send(Operation.grantAccessLevel, byUser, JSON.stringify({ access_level_id: "premium" }))
      assert.deepStrictEqual(profileOf(granted.json).accessLevels.map((level) => level.accessLevelId), ["premium"])
      const revoked = yield* send(Operation.revokeAccessLevel, byUser, JSON.stringify({ access_level_id: "premium" }))
      assert.deepStrictEqual(profileOf(revoked.json).accessLevels, [])

      const transaction = yield* send(
        Operation.setTransaction,
        byUser,
        JSON.stringify({
          purchase_type: "one_time_purchase",
          store: "app_store",
          store_product_id: "lifetime",
          store_transaction_id: "t-1",
          store_original_transaction_id: "t-1",
          price: { country: "US", currency: "USD", value: 9.99 },
          purchased_at: "2024-01-15T10:30:00Z"
        })
      )
      assert.strictEqual(transaction.status, 200)
      assert.deepStrictEqual(
        profileOf(transaction.json).nonSubscriptions.map((purchase) => purchase.storeTransactionId),
        ["t-1"]
      )
      assert.deepStrictEqual(
        (yield* store.calls).map((call) => call.operation),
        ["createProfile", "getProfile", "updateProfile", "grantAccessLevel", "revokeAccessLevel", "setTransaction"]
      )
    }).pipe(Effect.provide(Fake)))

  it.live("answers 404 profile_does_not_exist for a profile that is not there", () =>
    Effect.gen(function*() {
      for (const operation of [Operation.getProfile, Operation.deleteProfile]) {
        const response = yield* send(operation, { ...auth, "adapty-profile-id": "nobody" })
        assert.strictEqual(response.status, 404, operation.name)
        assert.strictEqual(errorCodeOf(response.json), "profile_does_not_exist")
      }
      const grant = yield* send(
        Operation.grantAccessLevel,
        { ...auth, "adapty-profile-id": "nobody" },
        JSON.stringify({ access_level_id: "premium" })
      )
      assert.strictEqual(grant.status, 404)
    }).pipe(Effect.provide(Fake)))

  it.live("answers 400 profile_already_exists to a second create", () =>
    Effect.gen(function*() {
      const response = yield* send(Operation.createProfile, { ...auth, "adapty-profile-id": "p-1" }, createBody)
      assert.strictEqual(response.status, 400)
      assert.strictEqual(errorCodeOf(response.json), "profile_already_exists")
    }).pipe(Effect.provide(Fake)))

  it.live("answers 400 validation_error to a body that is not JSON or does not decode, naming fields, never values", () =>
    Effect.gen(function*() {
      const headers = { ...auth, "adapty-profile-id": "p-1" }
      const broken = yield* send(Operation.updateProfile, headers, "{\"first_name\": \"ali")
      assert.strictEqual(broken.status, 400)
      assert.strictEqual(errorCodeOf(broken.json), "validation_error")
      const wrong = yield* send(
        Operation.createProfile,
        { ...auth, "adapty-profile-id": "p-new" },
        JSON.stringify({ email: "alice@example", installation_meta: { device_id: "alice@example.com" } })
      )
      assert.strictEqual(wrong.status, 400)
      assert.deepStrictEqual(sourcesOf(wrong.json), ["installation_meta.device_id"])
      assert.notInclude(wrong.text, "alice")
      const missing = yield* send(Operation.grantAccessLevel, headers, "{}")
      assert.strictEqual(missing.status, 400)
      assert.deepStrictEqual(sourcesOf(missing.json), ["access_level_id"])
      const store = yield* InMemoryProfiles
      assert.deepStrictEqual(yield* store.requests, [], "no request reached the store")
      assert.isFalse(yield* store.has({ profileId: "p-new" }))
    }).pipe(Effect.provide(Fake)))

  it.live("answers an injected fault of one operation on that operation only, with its status and body", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      const details = { errorCode: "validation_error", statusCode: 400, errors: [{ source: "x", errors: ["No."] }] }
      yield* store.failNext(new BadRequest({ status: 400, details }), { operation: "grantAccessLevel" })
      yield* store.failNext(new ServerError({ status: 503 }), { operation: "deleteProfile" })
      const headers = { ...auth, "adapty-profile-id": "p-1" }
      const got = yield* send(Operation.getProfile, headers)
      assert.strictEqual(got.status, 200)
      const grant = yield* send(Operation.grantAccessLevel, headers, JSON.stringify({ access_level_id: "premium" }))
      assert.strictEqual(grant.status, 400)
      assert.deepStrictEqual(grant.json, { error_code: "validation_error", status_code: 400, errors: [{ source: "x", errors: ["No."] }] })
      const deleted = yield* send(Operation.deleteProfile, headers)
      assert.strictEqual(deleted.status, 503)
      assert.isTrue(yield* store.has({ profileId: "p-1" }))
      assert.strictEqual((yield* send(Operation.deleteProfile, headers)).status, 204)
    }).pipe(Effect.provide(Fake)))
})
