import {
  BadRequest,
  ProfileNotFound,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized
} from "@effect-adapty/core"
import { InMemoryAdapty, InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer, Option, TestClock } from "effect"
import { demoPayment } from "../web-purchase.js"
import {
  handleInvoicePaid,
  hasActiveAccess,
  SyncFailed,
  SyncRetryable,
  TransactionRejected,
  type WebPayment,
  WebPurchaseSync
} from "../src/WebPurchaseSync.js"

// The unit under test runs on the in-memory Adapty: both services over one
// store, with faults per operation on demand. The in-memory store never
// grants an access level from a transaction, so the service grants it
// explicitly, as a web-billing integration does.
const layerWith = (grant: "explicit" | "from-transaction") =>
  WebPurchaseSync.layer({ accessLevelId: "premium", grant }).pipe(
    Layer.provideMerge(InMemoryAdapty.layer({ profiles: [{ profileId: "p-ada", customerUserId: "ada" }] }))
  )
const TestLayer = layerWith("explicit")

const now = DateTime.unsafeMake("2026-03-01T12:00:00Z")

const payment: WebPayment = { ...demoPayment(now), customerUserId: "ada" }
const newBuyer: WebPayment = { ...payment, customerUserId: "bob" }

const sync = (event: WebPayment) => Effect.flatMap(WebPurchaseSync, (service) => service.sync(event))
const atNow = TestClock.setTime(DateTime.toEpochMillis(now))
const operations = Effect.map(
  Effect.flatMap(InMemoryProfiles, (store) => store.calls),
  (calls) => calls.map((call) => call.operation)
)
// A first payment from a buyer without a profile: the profile is created,
// then the same transaction is set again.
const newBuyerCalls = ["setTransaction", "createProfile", "setTransaction", "grantAccessLevel", "getProfile"]
const profileOf = (customerUserId: string) =>
  Effect.flatMap(InMemoryProfiles, (store) => store.get({ customerUserId })).pipe(Effect.map(Option.getOrThrow))

describe("WebPurchaseSync", () => {
  it.effect("records the transaction, grants premium until the period ends, and checks it is active", () =>
    Effect.gen(function*() {
      yield* atNow
      const synced = yield* sync(payment)
      assert.deepStrictEqual(synced, { profileId: "p-ada", createdProfile: false, accessActive: true })
      assert.deepStrictEqual(yield* operations, ["setTransaction", "grantAccessLevel", "getProfile"])
      const profile = yield* profileOf("ada")
      assert.deepStrictEqual(profile.subscriptions.map((s) => [s.store, s.storeTransactionId]), [["stripe", payment.invoiceId]])
      const [premium] = profile.accessLevels
      assert.strictEqual(premium?.accessLevelId, "premium")
      assert.isTrue(Option.exists(premium!.expiresAt, (end) => DateTime.Equivalence(end, payment.periodEnd)))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a buyer with no Adapty profile: create it, then the same transaction again", () =>
    Effect.gen(function*() {
      yield* atNow
      const synced = yield* sync(newBuyer)
      assert.isTrue(synced.createdProfile)
      assert.isTrue(synced.accessActive)
      assert.deepStrictEqual(yield* operations, newBuyerCalls)
      const details = yield* Effect.flatMap(InMemoryProfiles, (store) => store.details({ customerUserId: "bob" }))
      assert.strictEqual(Option.getOrThrow(details).installationMeta?.deviceId, newBuyer.deviceId)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a redelivered event is the same transaction, not a second one", () =>
    Effect.gen(function*() {
      yield* atNow
      yield* sync(payment)
      yield* sync(payment)
      assert.strictEqual((yield* profileOf("ada")).subscriptions.length, 1)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("once the paid period is over, the access level is no longer active", () =>
    Effect.gen(function*() {
      yield* atNow
      yield* sync(payment)
      assert.isTrue(hasActiveAccess(yield* profileOf("ada"), "premium", DateTime.add(now, { days: 29 })))
      assert.isFalse(hasActiveAccess(yield* profileOf("ada"), "premium", DateTime.add(now, { days: 31 })))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("with grant: \"from-transaction\", the in-memory store unlocks nothing: recorded, not active", () =>
    Effect.gen(function*() {
      yield* atNow
      const synced = yield* sync(payment)
      assert.isFalse(synced.accessActive)
      assert.deepStrictEqual(yield* operations, ["setTransaction", "getProfile"])
      const response = yield* handleInvoicePaid(payment)
      assert.strictEqual(response.status, 200)
      assert.include(response.message, "not active")
    }).pipe(Effect.provide(layerWith("from-transaction"))))

  it.effect("a transaction id over 50 characters is refused before anything is sent, without quoting it", () =>
    Effect.gen(function*() {
      const id = `in_${"9".repeat(60)}`
      const error = yield* Effect.flip(sync({ ...payment, invoiceId: id }))
      assert.instanceOf(error, TransactionRejected)
      assert.strictEqual(error.cause, "InvalidInput")
      assert.include(error.reason, "storeTransactionId")
      assert.notInclude(JSON.stringify(error), id)
      assert.deepStrictEqual(yield* operations, [])
      const response = yield* handleInvoicePaid({ ...payment, invoiceId: id })
      assert.strictEqual(response.status, 400)
      assert.notInclude(response.message, id)
    }).pipe(Effect.provide(TestLayer)))

  for (
    const [fault, operation] of [
      [new ServerError({ status: 503, retryAfter: Duration.seconds(30) }), "setTransaction"],
      [new RateLimited({ status: 429 }), "grantAccessLevel"],
      [new TransportError({ reason: "Timeout" }), "getProfile"],
      [new ServerError({ status: 503 }), "createProfile"]
    ] as const
  ) {
    it.effect(`${fault._tag} on ${operation} is retryable, and the redelivery finishes the job`, () =>
      Effect.gen(function*() {
        yield* atNow
        const store = yield* InMemoryProfiles
        yield* store.failNext(fault, { operation })
        const event = operation === "createProfile" ? newBuyer : payment
        const error = yield* Effect.flip(sync(event))
        assert.instanceOf(error, SyncRetryable)
        assert.strictEqual(error.cause, fault._tag)
        const response = yield* handleInvoicePaid(event)
        assert.strictEqual(response.status, 200)
        // However far the first delivery got, one transaction.
        assert.strictEqual((yield* profileOf(event.customerUserId)).subscriptions.length, 1)
      }).pipe(Effect.provide(TestLayer)))
  }

  it.effect("the webhook answers 503 with Adapty's Retry-After, so that Stripe redelivers", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(new RateLimited({ status: 429, retryAfter: Duration.minutes(2) }))
      const response = yield* handleInvoicePaid(payment)
      assert.deepStrictEqual(response, {
        status: 503,
        message: "Adapty busy or unreachable (RateLimited), retry after 2m; Stripe will redeliver"
      })
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a refused API key is SyncFailed (500: needs a person)", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(new Unauthorized({ status: 401 }))
      const error = yield* Effect.flip(sync(payment))
      assert.instanceOf(error, SyncFailed)
      yield* (yield* InMemoryProfiles).failNext(new Unauthorized({ status: 401 }))
      assert.strictEqual((yield* handleInvoicePaid(payment)).status, 500)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a 404 that is not Adapty's answer (a proxy's page) creates no profile", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(new ProfileNotFound({ status: 404 }), { operation: "setTransaction" })
      const error = yield* Effect.flip(sync(newBuyer))
      assert.instanceOf(error, SyncFailed)
      assert.deepStrictEqual(yield* operations, ["setTransaction"])
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a 400 from Adapty on the transaction is TransactionRejected with its error code", () =>
    Effect.gen(function*() {
      yield* (yield* InMemoryProfiles).failNext(
        new BadRequest({ status: 400, details: { errorCode: "validation_error", statusCode: 400, errors: [] } }),
        { operation: "setTransaction" }
      )
      const error = yield* Effect.flip(sync(payment))
      assert.instanceOf(error, TransactionRejected)
      assert.strictEqual(error.reason, "validation_error")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("when another delivery created the profile first, the create's 400 is not an error", () =>
    Effect.gen(function*() {
      yield* atNow
      const store = yield* InMemoryProfiles
      // The first setTransaction sees no profile; by the time of the create,
      // another webhook has made one.
      yield* store.failNext(InMemoryProfiles.notFound(), { operation: "setTransaction" })
      const synced = yield* sync(payment)
      assert.isTrue(synced.accessActive)
      assert.deepStrictEqual(yield* operations, newBuyerCalls)
    }).pipe(Effect.provide(TestLayer)))
})
