/**
 * An application service written against `PurchaseService` and
 * `ProfileService`: a subscription bought on the web (a Stripe checkout)
 * is recorded in Adapty, so that the app, which asks Adapty, unlocks it.
 *
 * The web app's Stripe webhook handler calls {@link handleInvoicePaid} for
 * each `invoice.paid` event. It records the payment with `setTransaction`,
 * creating the Adapty profile first when the buyer has none yet (a user who
 * paid on the web before ever opening the app), grants the access level, and
 * reads the profile back with `getProfile` to check that the access level
 * is active, the way the app will see it.
 *
 * Retries are safe end to end: the transaction's `storeTransactionId` is
 * Stripe's invoice id, so a redelivered event (Stripe redelivers any event
 * its webhook did not answer with a 2xx) sends the same id again, which
 * Adapty takes as the same purchase, never as a second one.
 */
import {
  type AdaptyError,
  hasActiveAccessLevel,
  isConfirmedNotFound,
  isRetryable,
  type Profile,
  type ProfileLookup,
  ProfileService,
  PurchaseService,
  type SubscriptionPurchase
} from "@effect-adapty/core"
import { Context, DateTime, Duration, Effect, Layer, Option, Schema } from "effect"

/**
 * A paid period of a web subscription, as the web app's Stripe webhook
 * handler reads it off an `invoice.paid` event (Stripe's names in the
 * comments; they move between Stripe API versions, so map them from the
 * version your webhook endpoint is pinned to).
 */
export interface WebPayment {
  /** The app's own user id (Adapty's customer user id), set as metadata on the checkout session. */
  readonly customerUserId: string
  /** The browser's device id, a UUID the web app keeps in a cookie: Adapty needs one to create a profile. */
  readonly deviceId: string
  /** The invoice's `id` (`in_…`), one per payment: the transaction id. */
  readonly invoiceId: string
  /** The invoice's `subscription` (`sub_…`), the same for every renewal: the original transaction id. */
  readonly subscriptionId: string
  /** The invoice line's price id: the product. */
  readonly priceId: string
  /** `amount_paid`, in the smallest unit of the currency (cents). */
  readonly amountPaid: number
  /** `currency`, lowercase ISO 4217 as Stripe writes it (`usd`). */
  readonly currency: string
  /** The customer's country, ISO 3166-1 alpha-2. */
  readonly country: string
  /** When this payment was made. */
  readonly paidAt: DateTime.Utc
  /** The subscription's `start_date`: when it was first bought. */
  readonly subscribedAt: DateTime.Utc
  /** The invoice line's `period.end`: when the paid period ends. */
  readonly periodEnd: DateTime.Utc
}

/** Adapty refused the transaction as invalid (`InvalidInput` before sending, or a 400): fix the mapping. */
export class TransactionRejected extends Schema.TaggedError<TransactionRejected>()("TransactionRejected", {
  cause: Schema.String,
  reason: Schema.String
}) {}

/** Adapty was busy or unreachable: answer the webhook with an error so that Stripe redelivers it. */
export class SyncRetryable extends Schema.TaggedError<SyncRetryable>()("SyncRetryable", {
  cause: Schema.String,
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}) {}

/** Adapty refused for a reason a retry will not fix (a revoked key, a 404 that is not Adapty's): alert. */
export class SyncFailed extends Schema.TaggedError<SyncFailed>()("SyncFailed", {
  cause: Schema.String
}) {}

export type SyncError = TransactionRejected | SyncRetryable | SyncFailed

export interface Synced {
  readonly profileId: string
  /** Whether the buyer had no Adapty profile and one was created. */
  readonly createdProfile: boolean
  /** Whether `getProfile` shows the access level active now. */
  readonly accessActive: boolean
}

export interface Options {
  /** The access level a web subscription unlocks (`premium`). */
  readonly accessLevelId: string
  /**
   * `"explicit"`: after recording the transaction, grant the access level
   * until the paid period ends, as a web-billing integration does. Adapty
   * unlocks an access level from a transaction only when the product is set
   * up with one in its dashboard, and the in-memory store never does (its
   * documented choice: it cannot know that setup), so the tests and the
   * demo run this way.
   *
   * `"from-transaction"`: the product is set up in Adapty's dashboard; record
   * the transaction and only check that Adapty unlocked the access level (an
   * explicit grant would be redundant there).
   */
  readonly grant: "explicit" | "from-transaction"
}

/** Whether `getProfile` shows the access level active at `now` (core's check on its dates). */
export const hasActiveAccess = (profile: Profile, accessLevelId: string, now: DateTime.Utc): boolean =>
  hasActiveAccessLevel(profile, accessLevelId, now)

/**
 * The transaction to record for a payment. Lengths and types are checked by
 * core before anything is sent (`InvalidInput`, whose reason names the
 * field, never the value).
 */
export const transactionOf = (payment: WebPayment): SubscriptionPurchase => ({
  purchaseType: "subscription",
  store: "stripe",
  environment: "Production",
  storeProductId: payment.priceId,
  // The dedup key: the same invoice always gives the same id, so that a
  // redelivered event updates the transaction instead of adding a second.
  storeTransactionId: payment.invoiceId,
  storeOriginalTransactionId: payment.subscriptionId,
  price: { country: payment.country, currency: payment.currency.toUpperCase(), value: payment.amountPaid / 100 },
  purchasedAt: payment.paidAt,
  originallyPurchasedAt: payment.subscribedAt,
  expiresAt: payment.periodEnd,
  renewStatus: true
})

// Every Adapty error of every call here, sorted by what the webhook should do.
const classify = (error: AdaptyError): TransactionRejected | SyncRetryable | SyncFailed => {
  switch (error._tag) {
    case "InvalidInput":
      return new TransactionRejected({ cause: error._tag, reason: error.reason })
    case "InvalidProfileLookup":
      return new TransactionRejected({ cause: error._tag, reason: error.reason })
    case "BadRequest":
      return new TransactionRejected({ cause: error._tag, reason: error.details?.errorCode ?? `HTTP ${error.status}` })
    case "RateLimited":
    case "ServerError":
      return error.retryAfter === undefined
        ? new SyncRetryable({ cause: error._tag })
        : new SyncRetryable({ cause: error._tag, retryAfter: error.retryAfter })
    default:
      return isRetryable(error) ? new SyncRetryable({ cause: error._tag }) : new SyncFailed({ cause: error._tag })
  }
}

export class WebPurchaseSync extends Context.Tag("examples/WebPurchaseSync")<WebPurchaseSync, {
  readonly sync: (payment: WebPayment) => Effect.Effect<Synced, SyncError>
}>() {
  static readonly layer = (options: Options) =>
    Layer.effect(
      WebPurchaseSync,
      Effect.gen(function*() {
        const profiles = yield* ProfileService
        const purchases = yield* PurchaseService

        // Records the transaction; a buyer without a profile gets one first.
        const record = (lookup: ProfileLookup, transaction: SubscriptionPurchase, deviceId: string) =>
          purchases.setTransaction(lookup, transaction).pipe(
            Effect.as(false),
            // Only Adapty's own "no such profile" is a reason to create one: a
            // 404 page from a proxy or a wrong base URL proves nothing.
            Effect.catchIf(isConfirmedNotFound, () =>
              Effect.gen(function*() {
                yield* profiles.createProfile(lookup, {
                  installationMeta: { deviceId, platform: Option.some("web") },
                  store: Option.some("stripe")
                }).pipe(
                  // Adapty documents no answer for creating a profile that
                  // exists (another webhook for the same buyer may just have
                  // created it): whatever the 400 was, the second
                  // setTransaction tells, succeeding if the profile exists.
                  Effect.catchTag("BadRequest", () => Effect.void)
                )
                // The same transaction, so the same storeTransactionId.
                yield* purchases.setTransaction(lookup, transaction)
                return true
              }))
          )

        const sync = (payment: WebPayment): Effect.Effect<Synced, SyncError> =>
          Effect.gen(function*() {
            const transaction = transactionOf(payment)
            const lookup: ProfileLookup = { customerUserId: payment.customerUserId }
            const createdProfile = yield* record(lookup, transaction, payment.deviceId)
            if (options.grant === "explicit") {
              // Until the paid period ends; the next invoice extends it.
              yield* purchases.grantAccessLevel(lookup, {
                accessLevelId: options.accessLevelId,
                expiresAt: transaction.expiresAt
              })
            }
            // What the app will see: the profile as Adapty has it now.
            const profile = yield* profiles.getProfile(lookup)
            const now = yield* DateTime.now
            return {
              profileId: profile.profileId,
              createdProfile,
              accessActive: hasActiveAccess(profile, options.accessLevelId, now)
            }
          }).pipe(Effect.mapError(classify))

        return { sync }
      })
    )
}

/** What the webhook endpoint answers Stripe, and a line for the log. */
export interface WebhookResponse {
  readonly status: 200 | 400 | 500 | 503
  readonly message: string
}

/**
 * The webhook handler's body for `invoice.paid`. Stripe redelivers any event
 * not answered with a 2xx, for days: a retryable failure is a 503, and a
 * later delivery finishes the job with the same transaction id. The
 * messages name no identifier.
 */
export const handleInvoicePaid = (payment: WebPayment): Effect.Effect<WebhookResponse, never, WebPurchaseSync> =>
  Effect.flatMap(WebPurchaseSync, ({ sync }) => sync(payment)).pipe(
    Effect.map((synced): WebhookResponse =>
      synced.accessActive
        ? {
          status: 200,
          message: `synced: transaction recorded${synced.createdProfile ? " (profile created)" : ""}, access active`
        }
        // Recorded, but the app will unlock nothing: with `grant:
        // "from-transaction"`, Adapty has no access level for this product.
        // A redelivery would change nothing: answer 200, and alert.
        : {
          status: 200,
          message: "synced: transaction recorded, but the access level is not active: check the product in Adapty"
        }
    ),
    Effect.catchTags({
      TransactionRejected: (error) =>
        Effect.succeed<WebhookResponse>({ status: 400, message: `rejected (${error.cause}): ${error.reason}` }),
      SyncRetryable: (error) =>
        Effect.succeed<WebhookResponse>({
          status: 503,
          message: `Adapty busy or unreachable (${error.cause})` +
            (error.retryAfter === undefined ? "" : `, retry after ${Duration.format(error.retryAfter)}`) +
            "; Stripe will redeliver"
        }),
      SyncFailed: (error) =>
        Effect.succeed<WebhookResponse>({ status: 500, message: `failed (${error.cause}): needs a person` })
    })
  )
