import {
  AccessLevelGrant,
  AccessLevelRevocation,
  checkAccessLevelGrant,
  checkAccessLevelRevocation,
  checkTransaction,
  encodeInput,
  maxStoreTransactionIdLength,
  OneTimePurchase,
  Price,
  SubscriptionPurchase,
  Transaction,
  TransactionOffer
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, DateTime, Either, FastCheck, Option, Schema } from "effect"
import * as AST from "effect/SchemaAST"
import { camel, example, normalizeDateTimes, shape, violations } from "./openapi.js"
import { rejected, secret } from "./rejected.js"

const body = (path: string, name: string) =>
  example(path, "post", "requestBody", "content", "application/json", "examples", name, "value")
const subscriptionExample = body("/api/v2/server-side-api/purchase/set/transaction/", "subscription")
const grantExample = body("/api/v2/server-side-api/purchase/profile/grant/access-level/", "scheduled_grant")
const revokeExample = body("/api/v2/server-side-api/purchase/profile/revoke/access-level/", "scheduled_revoke")

const at = (iso: string) => DateTime.unsafeMake(iso)

const oneTime: OneTimePurchase = {
  purchaseType: "one_time_purchase",
  store: "my_custom_store",
  storeProductId: "lifetime",
  storeTransactionId: "t-1",
  storeOriginalTransactionId: "t-1",
  price: { country: "DE", currency: "EUR", value: 19.99 },
  purchasedAt: at("2024-03-01T12:00:00Z")
}

const subscription: SubscriptionPurchase = {
  purchaseType: "subscription",
  store: "play_store",
  storeProductId: "monthly",
  storeTransactionId: "GPA.1",
  storeOriginalTransactionId: "GPA.1",
  price: { country: "US", currency: "USD", value: 4.99 },
  purchasedAt: at("2024-03-01T12:00:00Z"),
  originallyPurchasedAt: at("2024-03-01T12:00:00Z"),
  expiresAt: at("2024-04-01T12:00:00Z"),
  renewStatus: true
}


describe("the purchase inputs against the OpenAPI file", () => {
  const inputs: ReadonlyArray<readonly [string, Schema.Schema.Any, string]> = [
    ["OneTimePurchase", OneTimePurchase, "OneTimePurchaseDTO"],
    ["SubscriptionPurchase", SubscriptionPurchase, "SubscriptionDTO"],
    ["Price", Price, "PriceDTO"],
    ["TransactionOffer", TransactionOffer, "OfferDTO"],
    ["AccessLevelGrant", AccessLevelGrant, "GrantAccessRequest"],
    ["AccessLevelRevocation", AccessLevelRevocation, "RevokeAccessRequest"]
  ]
  for (const [name, schema, specName] of inputs) {
    it(`${name} maps every property of ${specName}, required as the file says`, () => {
      const spec = shape(specName)
      const wire = AST.getPropertySignatures(Schema.encodedSchema(schema).ast)
      assert.sameMembers(wire.map((p) => String(p.name)), [...spec.properties])
      assert.sameMembers(
        AST.getPropertySignatures(Schema.typeSchema(schema).ast).map((p) => String(p.name)),
        spec.properties.map(camel)
      )
      assert.sameMembers(wire.filter((p) => !p.isOptional).map((p) => String(p.name)), [...spec.required])
    })
  }
})

describe("Transaction", () => {
  it("decodes the setTransaction example into a SubscriptionPurchase, and encodes it back", () => {
    const transaction = Schema.decodeUnknownSync(Transaction)(subscriptionExample)
    assert.strictEqual(transaction.purchaseType, "subscription")
    if (transaction.purchaseType !== "subscription") return
    assert.strictEqual(transaction.storeTransactionId, "1000000123456789")
    assert.strictEqual(transaction.environment, "Production")
    assert.strictEqual(transaction.isFamilyShared, false)
    assert.deepStrictEqual(transaction.price, { country: "US", currency: "USD", value: 4.99 })
    assert.strictEqual(DateTime.formatIso(transaction.expiresAt), "2024-02-15T10:30:00.000Z")
    assert.deepStrictEqual(transaction.renewStatusChangedAt, Option.none())
    assert.deepStrictEqual(transaction.variationId, Option.some("variation_123"))
    assert.deepStrictEqual(
      transaction.offer,
      Option.some({ category: "introductory", type: "free_trial", id: Option.some("trial_offer_123") })
    )
    assert.deepStrictEqual(transaction.cancellationReason, Option.none())
    const encoded = Schema.encodeSync(Transaction)(transaction)
    assert.deepStrictEqual(encoded, normalizeDateTimes(subscriptionExample))
    assert.isUndefined(violations("TransactionDTORequest", encoded))
    assert.isUndefined(violations("TransactionDTORequest", subscriptionExample), "the example itself conforms")
  })

  it("a one-time purchase with only its required fields sends only those, and conforms", () => {
    const wire = Either.getOrThrow(encodeInput(Transaction)(oneTime))
    assert.deepStrictEqual(wire, {
      purchase_type: "one_time_purchase",
      store: "my_custom_store",
      store_product_id: "lifetime",
      store_transaction_id: "t-1",
      store_original_transaction_id: "t-1",
      price: { country: "DE", currency: "EUR", value: 19.99 },
      purchased_at: "2024-03-01T12:00:00.000Z"
    })
    assert.isUndefined(violations("TransactionDTORequest", wire))
    assert.isUndefined(violations("OneTimePurchaseDTO", wire))
    assert.isDefined(violations("SubscriptionDTO", wire))
  })

  it("Option.none() is sent as null, undefined is not sent", () => {
    const wire = Either.getOrThrow(encodeInput(Transaction)({
      ...subscription,
      billingIssueDetectedAt: Option.none(),
      gracePeriodExpiresAt: undefined,
      refundedAt: Option.some(at("2024-03-02T00:00:00Z")),
      cancellationReason: Option.some("refund")
    }))
    assert.strictEqual(wire.purchase_type, "subscription")
    if (wire.purchase_type !== "subscription") return
    assert.strictEqual(wire.billing_issue_detected_at, null)
    assert.isFalse("grace_period_expires_at" in wire)
    assert.strictEqual(wire.refunded_at, "2024-03-02T00:00:00.000Z")
    assert.strictEqual(wire.cancellation_reason, "refund")
    assert.isUndefined(violations("TransactionDTORequest", wire))
  })

  it("the purchase type picks the member; the subscription fields belong to subscriptions only", () => {
    assert.strictEqual(Either.getOrThrow(checkTransaction(oneTime)).purchaseType, "one_time_purchase")
    assert.strictEqual(Either.getOrThrow(checkTransaction(subscription)).purchaseType, "subscription")
    // A one-time purchase with subscription fields keeps none of them.
    const checked = Either.getOrThrow(checkTransaction({ ...oneTime, renewStatus: true, expiresAt: at("2025-01-01T00:00:00Z") }))
    assert.isFalse("renewStatus" in checked)
    rejected(checkTransaction, { ...subscription, renewStatus: undefined }, "Transaction.renewStatus", "is required")
  })

  it("check keeps the storeTransactionId it was given (a retry must not change it)", () => {
    const checked = Either.getOrThrow(checkTransaction(subscription))
    assert.strictEqual(checked.storeTransactionId, subscription.storeTransactionId)
    assert.strictEqual(checked.storeOriginalTransactionId, subscription.storeOriginalTransactionId)
  })

  it("accepts transaction ids of exactly 50 characters", () => {
    const id = "9".repeat(maxStoreTransactionIdLength)
    assert.isTrue(Either.isRight(checkTransaction({ ...subscription, storeTransactionId: id, storeOriginalTransactionId: id })))
  })

  describe("rejects, naming the field and the rule but never the value", () => {
    const long = `${secret}${"9".repeat(41)}`
    const cases: ReadonlyArray<readonly [string, unknown, string, string]> = [
      ["a store transaction id over 50", { ...subscription, storeTransactionId: long }, "Transaction.storeTransactionId", "at most 50 characters"],
      ["the same on a one-time purchase", { ...oneTime, storeTransactionId: long }, "Transaction.storeTransactionId", "at most 50 characters"],
      [
        "an original transaction id over 50",
        { ...subscription, storeOriginalTransactionId: long },
        "Transaction.storeOriginalTransactionId",
        "at most 50 characters"
      ],
      ["a NaN price", { ...oneTime, price: { ...oneTime.price, value: Number.NaN } }, "Transaction.price.value", "a finite number"],
      ["a price as a string", { ...oneTime, price: { ...oneTime.price, value: secret } }, "Transaction.price.value", "must be a number"],
      ["a price without currency", { ...oneTime, price: { country: secret, value: 1 } }, "Transaction.price.currency", "is required"],
      ["an unknown purchase type", { ...oneTime, purchaseType: secret }, "Transaction.purchaseType", "\"one_time_purchase\" or \"subscription\""],
      ["no purchase type", { ...oneTime, purchaseType: undefined }, "Transaction.purchaseType", "is required"],
      ["no store", { ...oneTime, store: undefined }, "Transaction.store", "is required"],
      ["an environment outside the enum", { ...oneTime, environment: secret }, "Transaction.environment", "\"Production\" or \"Sandbox\""],
      [
        "an offer category outside the enum",
        { ...oneTime, offer: Option.some({ category: secret, type: "free_trial" }) },
        "Transaction.offer.category",
        "\"introductory\""
      ],
      [
        "a cancellation reason outside the enum",
        { ...oneTime, cancellationReason: Option.some(secret) },
        "Transaction.cancellationReason",
        "\"billing_error\""
      ],
      ["a date as a string", { ...oneTime, purchasedAt: `2024-01-01T00:00:00Z${secret}` }, "Transaction.purchasedAt", "a DateTime.Utc instance"],
      ["a date as a Date", { ...oneTime, purchasedAt: new Date() }, "Transaction.purchasedAt", "a DateTime.Utc instance"],
      [
        "a zoned DateTime",
        { ...oneTime, purchasedAt: DateTime.unsafeMakeZoned(0, { timeZone: "Europe/Paris" }) },
        "Transaction.purchasedAt",
        "a DateTime.Utc instance"
      ],
      ["a nullable date not in an Option", { ...oneTime, refundedAt: at("2024-01-01T00:00:00Z") }, "Transaction.refundedAt", "an Option of"],
      ["a family-shared flag as a string", { ...oneTime, isFamilyShared: secret }, "Transaction.isFamilyShared", "a boolean"],
      ["not an object", secret, "Transaction", "must be"]
    ]
    for (const [name, input, field, rule] of cases) {
      it(name, () => rejected(checkTransaction, input, field, rule))
    }
  })

  it("any valid transaction encodes to a conforming body and decodes back", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Transaction), (transaction) => {
        const wire = Either.getOrThrow(encodeInput(Transaction)(transaction))
        const json: unknown = JSON.parse(JSON.stringify(wire))
        assert.isUndefined(violations("TransactionDTORequest", json))
        assert.deepStrictEqual(Schema.encodeSync(Transaction)(Schema.decodeUnknownSync(Transaction)(json)), json)
      }),
      { numRuns: 200 }
    )
  })
})

describe("AccessLevelGrant and AccessLevelRevocation", () => {
  it("decode the request examples and encode them back; both conform", () => {
    const grant = Schema.decodeUnknownSync(AccessLevelGrant)(grantExample)
    assert.strictEqual(grant.accessLevelId, "premium")
    assert.strictEqual(grant.startsAt && DateTime.formatIso(grant.startsAt), "2024-01-01T00:00:00.000Z")
    assert.deepStrictEqual(Schema.encodeSync(AccessLevelGrant)(grant), normalizeDateTimes(grantExample))
    assert.isUndefined(violations("GrantAccessRequest", Schema.encodeSync(AccessLevelGrant)(grant)))
    const revocation = Schema.decodeUnknownSync(AccessLevelRevocation)(revokeExample)
    assert.strictEqual(revocation.revokeAt && DateTime.formatIso(revocation.revokeAt), "2024-12-31T23:59:59.000Z")
    assert.deepStrictEqual(Schema.encodeSync(AccessLevelRevocation)(revocation), normalizeDateTimes(revokeExample))
    assert.isUndefined(violations("RevokeAccessRequest", Schema.encodeSync(AccessLevelRevocation)(revocation)))
  })

  it("left-out dates are not sent; null on the wire reads as left out (Adapty treats them alike)", () => {
    assert.deepStrictEqual(encodeInput(AccessLevelGrant)({ accessLevelId: "premium" }), Either.right({ access_level_id: "premium" }))
    assert.deepStrictEqual(
      encodeInput(AccessLevelGrant)({ accessLevelId: "premium", startsAt: undefined, expiresAt: at("2030-01-01T00:00:00Z") }),
      Either.right({ access_level_id: "premium", expires_at: "2030-01-01T00:00:00.000Z" })
    )
    assert.deepStrictEqual(encodeInput(AccessLevelRevocation)({ accessLevelId: "premium" }), Either.right({ access_level_id: "premium" }))
    assert.deepStrictEqual(
      Schema.decodeUnknownSync(AccessLevelGrant)({ access_level_id: "premium", starts_at: null, expires_at: null }),
      { accessLevelId: "premium" }
    )
    assert.deepStrictEqual(Schema.decodeUnknownSync(AccessLevelRevocation)({ access_level_id: "premium", revoke_at: null }), {
      accessLevelId: "premium"
    })
  })

  it("reject, naming the field and the rule but never the value", () => {
    rejected(checkAccessLevelGrant, { startsAt: secret }, "AccessLevelGrant.accessLevelId", "is required")
    rejected(checkAccessLevelGrant, { accessLevelId: 7 }, "AccessLevelGrant.accessLevelId", "a string")
    rejected(checkAccessLevelGrant, { accessLevelId: "premium", startsAt: secret }, "AccessLevelGrant.startsAt", "a DateTime.Utc instance")
    rejected(checkAccessLevelGrant, { accessLevelId: "premium", expiresAt: Option.some(at("2030-01-01T00:00:00Z")) }, "AccessLevelGrant.expiresAt", "a DateTime.Utc instance")
    rejected(checkAccessLevelRevocation, { accessLevelId: "premium", revokeAt: secret }, "AccessLevelRevocation.revokeAt", "a DateTime.Utc instance")
    rejected(checkAccessLevelRevocation, secret, "AccessLevelRevocation", "must be an object")
  })

  it("any valid grant and revocation conform", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(AccessLevelGrant), Arbitrary.make(AccessLevelRevocation), (grant, revocation) => {
        assert.isUndefined(violations("GrantAccessRequest", Either.getOrThrow(encodeInput(AccessLevelGrant)(grant))))
        assert.isUndefined(violations("RevokeAccessRequest", Either.getOrThrow(encodeInput(AccessLevelRevocation)(revocation))))
      })
    )
  })
})
