import {
  AccessLevel,
  CreateProfileInput,
  CustomAttribute,
  InstallationMeta,
  NonSubscription,
  Offer,
  Profile,
  ProfileInput,
  ProfileResponse,
  Subscription
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, DateTime, Effect, Either, FastCheck, Option, Schema } from "effect"
import * as AST from "effect/SchemaAST"
import { camel, example, isObject, type Json, normalizeDateTimes, shape, violations } from "./openapi.js"

const profilePath = "/api/v2/server-side-api/profile/"
const getExample = example(profilePath, "get", "responses", "200", "content", "application/json", "example")
const createExample = example(profilePath, "post", "responses", "200", "content", "application/json", "example")

const decode = Schema.decodeUnknownEither(ProfileResponse)

const wireKeys = (schema: Schema.Schema.Any) =>
  AST.getPropertySignatures(Schema.encodedSchema(schema).ast).map((p) => ({ key: String(p.name), optional: p.isOptional }))
const modelKeys = (schema: Schema.Schema.Any) =>
  AST.getPropertySignatures(Schema.typeSchema(schema).ast).map((p) => String(p.name))

describe("the models against the OpenAPI file", () => {
  // Every model's wire keys are its OpenAPI schema's properties, each under
  // the camelCase name of its key; required as the file says, or (where the
  // file gives no required list) as decided and written here.
  const models: ReadonlyArray<readonly [string, Schema.Schema.Any, string, ReadonlyArray<string> | undefined]> = [
    ["Profile", Profile, "Profile", undefined],
    ["ProfileResponse", ProfileResponse, "ProfileResponse", undefined],
    ["CustomAttribute", CustomAttribute, "CustomAttribute", undefined],
    ["Offer", Offer, "OfferDTO", undefined],
    ["InstallationMeta", InstallationMeta, "InstallationMeta", undefined],
    ["CreateProfileInput", CreateProfileInput, "ProfileRequest", undefined],
    // Update sends only the fields it is given (API.md), though the file
    // reuses ProfileRequest, which requires installation_meta.
    ["ProfileInput", ProfileInput, "ProfileRequest", []],
    // The file gives these three no required list. Required here: every field
    // that is not nullable, as every example has it and Adapty's API objects
    // reference marks it; a nullable one may also be absent.
    ["AccessLevel", AccessLevel, "AccessLevel", [
      "access_level_id",
      "store",
      "store_product_id",
      "store_transaction_id",
      "store_original_transaction_id",
      "purchased_at",
      "originally_purchased_at",
      "is_in_grace_period"
    ]],
    ["Subscription", Subscription, "Subscription", [
      "store",
      "store_product_id",
      "store_transaction_id",
      "store_original_transaction_id",
      "environment",
      "purchased_at",
      "originally_purchased_at",
      "is_in_grace_period"
    ]],
    ["NonSubscription", NonSubscription, "NonSubscription", [
      "purchase_id",
      "store",
      "store_product_id",
      "store_transaction_id",
      "store_original_transaction_id",
      "purchased_at",
      "environment",
      "is_refund",
      "is_consumable"
    ]]
  ]
  for (const [name, schema, specName, decided] of models) {
    it(`${name} maps every property of ${specName}, snake_case to camelCase`, () => {
      const spec = shape(specName)
      const wire = wireKeys(schema)
      assert.sameMembers(wire.map((k) => k.key), [...spec.properties])
      assert.sameMembers(modelKeys(schema), spec.properties.map(camel))
      assert.sameMembers(wire.filter((k) => !k.optional).map((k) => k.key), [...(decided ?? spec.required)])
    })
  }
})

describe("Profile", () => {
  it("decodes the getProfile example: camelCase, DateTime.Utc, null as Option.none", () => {
    const decoded = decode(getExample)
    assert.isTrue(Either.isRight(decoded))
    const profile = Either.getOrThrow(decoded).data
    assert.strictEqual(profile.appId, "14c3d333-2f3a-455a-aa86-ef83dff6913b")
    assert.strictEqual(profile.profileId, "d8533a10-bcce-4e33-8c9d-88b05ac56559")
    assert.deepStrictEqual(profile.customerUserId, Option.some("77B14FB4-FD2A-4D38-AA3A-4C433F79863C"))
    assert.strictEqual(profile.totalRevenueUsd, 9.99)
    assert.strictEqual(profile.segmentHash, "fdaeef7f8aaa33c9")
    assert.strictEqual(profile.timestamp, 1733324566777)
    assert.deepStrictEqual(profile.customAttributes, [{ key: "favourite_sport", value: "yoga" }])

    const [level] = profile.accessLevels
    assert.isDefined(level)
    assert.strictEqual(level!.accessLevelId, "premium")
    assert.strictEqual(level!.storeProductId, "unlimited.9999")
    assert.isTrue(Option.isNone(level!.storeBasePlanId))
    assert.isTrue(Option.isNone(level!.offer))
    assert.isTrue(Option.isNone(level!.startsAt))
    assert.isTrue(Option.isNone(level!.expiresAt))
    assert.isTrue(DateTime.isDateTime(level!.purchasedAt) && DateTime.isUtc(level!.purchasedAt))
    assert.strictEqual(DateTime.formatIso(level!.purchasedAt), "2024-12-24T10:50:23.000Z")
    // Sub-millisecond digits are cut to the millisecond, as a DateTime keeps them.
    assert.deepStrictEqual(
      Option.map(level!.renewalCancelledAt, DateTime.formatIso),
      Option.some("2025-01-05T13:27:47.461Z")
    )
    assert.strictEqual(level!.isInGracePeriod, false)

    const [subscription] = profile.subscriptions
    assert.strictEqual(subscription!.environment, "Sandbox")
    assert.strictEqual(subscription!.storeTransactionId, "2000000815013007")
    const [purchase] = profile.nonSubscriptions
    assert.strictEqual(purchase!.purchaseId, "7a5f9a7d-e236-33e6-96d8-53a3c59c5562")
    assert.strictEqual(purchase!.isRefund, false)
    assert.strictEqual(purchase!.isConsumable, false)
  })

  it("decodes the createProfile example (empty lists)", () => {
    const profile = Either.getOrThrow(decode(createExample)).data
    assert.deepStrictEqual(profile.customerUserId, Option.some("jane.doe@example.com"))
    assert.strictEqual(profile.totalRevenueUsd, 0)
    assert.deepStrictEqual([profile.accessLevels, profile.subscriptions, profile.nonSubscriptions], [[], [], []])
  })

  it("encodes back to the wire form of the examples, which conforms to ProfileResponse", () => {
    for (const body of [getExample, createExample]) {
      const encoded = Schema.encodeSync(ProfileResponse)(Either.getOrThrow(decode(body)))
      assert.deepStrictEqual(encoded, normalizeDateTimes(body))
      assert.isUndefined(violations("ProfileResponse", encoded))
      assert.isUndefined(violations("ProfileResponse", body), "the example itself conforms")
    }
  })

  it("a null customer_user_id is Option.none, and encodes back to null", () => {
    const body = { data: { ...dataOf(createExample), customer_user_id: null } }
    const profile = Either.getOrThrow(decode(body)).data
    assert.isTrue(Option.isNone(profile.customerUserId))
    assert.strictEqual(Schema.encodeSync(Profile)(profile).customer_user_id, null)
  })

  it("a nullable field of an access level may also be absent: Option.none, encoded as null", () => {
    const level = firstAccessLevel()
    const { starts_at: _, offer: __, ...without } = level
    const decoded = Schema.decodeUnknownSync(AccessLevel)(without)
    assert.isTrue(Option.isNone(decoded.startsAt))
    assert.isTrue(Option.isNone(decoded.offer))
    const encoded = Schema.encodeSync(AccessLevel)(decoded)
    assert.strictEqual(encoded.starts_at, null)
    assert.strictEqual(encoded.offer, null)
  })

  it("an offer decodes into Option.some, its category and type free strings", () => {
    const level = { ...firstAccessLevel(), offer: { category: "win_back", type: "a_new_kind", id: null } }
    const decoded = Schema.decodeUnknownSync(AccessLevel)(level)
    assert.deepStrictEqual(decoded.offer, Option.some({ category: "win_back", type: "a_new_kind", id: Option.none() }))
  })

  it("reads the store, environment and cancellation reason as free strings: Adapty adds values", () => {
    const data = dataOf(getExample)
    const body = {
      data: {
        ...data,
        access_levels: [{ ...firstAccessLevel(), store: "my_custom_store", cancellation_reason: "something_new" }],
        subscriptions: arrayOf(data.subscriptions).map((s) => ({ ...objectOf(s), environment: "Staging" }))
      }
    }
    const profile = Either.getOrThrow(decode(body)).data
    assert.strictEqual(profile.accessLevels[0]!.store, "my_custom_store")
    assert.deepStrictEqual(profile.accessLevels[0]!.cancellationReason, Option.some("something_new"))
    assert.strictEqual(profile.subscriptions[0]!.environment, "Staging")
  })

  it("reads the date-times Adapty's reference shows (offset without a colon, microseconds)", () => {
    const level = { ...firstAccessLevel(), purchased_at: "2020-01-15T15:10:36.517975+0000" }
    const decoded = Schema.decodeUnknownSync(AccessLevel)(level)
    assert.strictEqual(DateTime.formatIso(decoded.purchasedAt), "2020-01-15T15:10:36.517Z")
  })

  it("ignores unknown fields at every level", () => {
    const data = dataOf(getExample)
    const withExtras = {
      extra: 1,
      data: {
        ...data,
        paid_access_levels: {},
        custom_attributes: [{ key: "favourite_sport", value: "yoga", extra: true }],
        access_levels: [{ ...firstAccessLevel(), environment: "Production" }]
      }
    }
    assert.deepStrictEqual(decode(withExtras), decode(getExample))
  })

  it("a response that lacks any required field does not decode", () => {
    const data = dataOf(getExample)
    for (const key of shape("Profile").required) {
      const { [key]: _, ...without } = data
      assert.isTrue(Either.isLeft(decode({ data: without })), `without ${key}`)
    }
    assert.isTrue(Either.isLeft(decode(data)), "without the data envelope")
    const level = firstAccessLevel()
    for (const key of ["access_level_id", "purchased_at", "is_in_grace_period"]) {
      const { [key]: _, ...without } = level
      assert.isTrue(Either.isLeft(decode({ data: { ...data, access_levels: [without] } })), `access level without ${key}`)
    }
  })

  it("a response with a field of the wrong type does not decode", () => {
    const data = dataOf(getExample)
    const broken: ReadonlyArray<Record<string, unknown>> = [
      { timestamp: "1733324566777" },
      { timestamp: 1.5 },
      { total_revenue_usd: "9.99" },
      { customer_user_id: 5 },
      { custom_attributes: [{ key: "k", value: true }] },
      { access_levels: [{ ...firstAccessLevel(), purchased_at: "not a date" }] },
      { access_levels: [{ ...firstAccessLevel(), purchased_at: null }] },
      { access_levels: [{ ...firstAccessLevel(), is_in_grace_period: "false" }] },
      { subscriptions: null }
    ]
    for (const patch of broken) {
      assert.isTrue(Either.isLeft(decode({ data: { ...data, ...patch } })), JSON.stringify(Object.keys(patch)))
    }
  })

  it("custom attribute values may be numbers", () => {
    const body = { data: { ...dataOf(createExample), custom_attributes: [{ key: "age", value: 42.5 }] } }
    assert.deepStrictEqual(Either.getOrThrow(decode(body)).data.customAttributes, [{ key: "age", value: 42.5 }])
  })

  it.effect("any Profile encodes to a conforming body and decodes back to itself", () =>
    Effect.sync(() => {
      const profiles = Arbitrary.make(Profile)
      FastCheck.assert(
        FastCheck.property(profiles, (profile) => {
          const encoded = Schema.encodeSync(ProfileResponse)({ data: profile })
          const wire: unknown = JSON.parse(JSON.stringify(encoded))
          assert.isUndefined(violations("ProfileResponse", wire))
          assert.deepStrictEqual(Schema.encodeSync(ProfileResponse)(Schema.decodeUnknownSync(ProfileResponse)(wire)), wire)
        }),
        { numRuns: 100 }
      )
    }))
})

// Helpers over the examples, which are JSON: read with checks, never cast.

function objectOf(value: Json | undefined): Record<string, Json> {
  if (value === undefined || !isObject(value)) throw new Error("not an object")
  return { ...value }
}

function arrayOf(value: Json | undefined): ReadonlyArray<Json> {
  if (!Array.isArray(value)) throw new Error("not an array")
  return value
}

function dataOf(body: Json): Record<string, Json> {
  return objectOf(objectOf(body).data)
}

function firstAccessLevel(): Record<string, Json> {
  return objectOf(arrayOf(dataOf(getExample).access_levels)[0])
}
