/**
 * The bodies of the purchase operations: a transaction to record
 * (`setTransaction`), an access level to grant or to revoke. Each is an
 * input: it takes `DateTime.Utc` for date-times, encodes to the wire's
 * snake_case JSON, sends no field that was left out, and is checked before
 * sending.
 *
 * @since 0.2.0
 */
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInput } from "./AdaptyError.js"
import { checkInput, DateTimeUtc, maxChars, optional, optionalNullable, optionalOrNull, required } from "./Profile.js"

/**
 * The longest `storeTransactionId` (and `storeOriginalTransactionId`), in
 * characters. Longer identifiers (PayPal, some custom stores) must be
 * shortened or hashed before sending, always the same way: the id is how
 * Adapty recognises a transaction it has already recorded.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxStoreTransactionIdLength = 50

const StoreTransactionId = Schema.String.pipe(maxChars(maxStoreTransactionIdLength))

/**
 * The price paid. `country` is an ISO 3166-1 alpha-2 code (`US`), `currency`
 * an ISO 4217 code (`USD`), `value` the amount.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Price = Schema.Struct({
  country: Schema.String,
  currency: Schema.String,
  value: Schema.Finite
}).annotations({ identifier: "Price" })

/**
 * @since 0.2.0
 * @category models
 */
export interface Price extends Schema.Schema.Type<typeof Price> {}

/**
 * The offer applied to a purchase, as a transaction sends it.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TransactionOffer = Schema.Struct({
  category: Schema.Literal("introductory", "promotional", "offer_code", "win_back"),
  type: Schema.Literal("free_trial", "pay_as_you_go", "pay_up_front"),
  id: optionalNullable("id", Schema.String)
}).annotations({ identifier: "TransactionOffer" })

/**
 * @since 0.2.0
 * @category models
 */
export interface TransactionOffer extends Schema.Schema.Type<typeof TransactionOffer> {}

/**
 * Why a purchase was cancelled, as a transaction sends it.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CancellationReason = Schema.Literal(
  "billing_error",
  "cancelled_by_developer",
  "new_subscription_replace",
  "price_increase",
  "product_was_not_available",
  "refund",
  "unknown",
  "upgraded",
  "voluntarily_cancelled",
  "adapty_revoked"
)

/**
 * @since 0.2.0
 * @category models
 */
export type CancellationReason = Schema.Schema.Type<typeof CancellationReason>

// The fields both kinds of transaction have. `store` is a free string:
// custom stores are allowed.
const transactionFields = {
  store: required("store", Schema.String),
  environment: optional("environment", Schema.Literal("Production", "Sandbox")),
  storeProductId: required("store_product_id", Schema.String),
  storeTransactionId: required("store_transaction_id", StoreTransactionId),
  storeOriginalTransactionId: required("store_original_transaction_id", StoreTransactionId),
  isFamilyShared: optional("is_family_shared", Schema.Boolean),
  price: required("price", Price),
  purchasedAt: required("purchased_at", DateTimeUtc),
  variationId: optionalNullable("variation_id", Schema.String),
  offer: optionalNullable("offer", TransactionOffer),
  refundedAt: optionalNullable("refunded_at", DateTimeUtc),
  cancellationReason: optionalNullable("cancellation_reason", CancellationReason)
}

/**
 * A one-time (non-subscription) purchase to record. `environment` defaults
 * to `Production` on Adapty's side when left out.
 *
 * @since 0.2.0
 * @category schemas
 */
export const OneTimePurchase = Schema.Struct({
  purchaseType: required("purchase_type", Schema.Literal("one_time_purchase")),
  ...transactionFields
}).annotations({ identifier: "OneTimePurchase" })

/**
 * @since 0.2.0
 * @category models
 */
export interface OneTimePurchase extends Schema.Schema.Type<typeof OneTimePurchase> {}

/**
 * A subscription purchase to record. Resending a `storeTransactionId` that
 * Adapty already has updates it (billing issue, renew status) without a new
 * renewal event; any new id is a new transaction.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SubscriptionPurchase = Schema.Struct({
  purchaseType: required("purchase_type", Schema.Literal("subscription")),
  ...transactionFields,
  originallyPurchasedAt: required("originally_purchased_at", DateTimeUtc),
  expiresAt: required("expires_at", DateTimeUtc),
  renewStatus: required("renew_status", Schema.Boolean),
  renewStatusChangedAt: optionalNullable("renew_status_changed_at", DateTimeUtc),
  billingIssueDetectedAt: optionalNullable("billing_issue_detected_at", DateTimeUtc),
  gracePeriodExpiresAt: optionalNullable("grace_period_expires_at", DateTimeUtc)
}).annotations({ identifier: "SubscriptionPurchase" })

/**
 * @since 0.2.0
 * @category models
 */
export interface SubscriptionPurchase extends Schema.Schema.Type<typeof SubscriptionPurchase> {}

/**
 * The body of `setTransaction`: a one-time purchase or a subscription,
 * told apart by `purchaseType`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Transaction = Schema.Union(OneTimePurchase, SubscriptionPurchase).annotations({
  identifier: "Transaction"
})

/**
 * @since 0.2.0
 * @category models
 */
export type Transaction = OneTimePurchase | SubscriptionPurchase

/**
 * The body of `grantAccessLevel`. `startsAt` may lie in the future;
 * `expiresAt` may lie in the past, and left out means lifetime access.
 * Left out and `null` mean the same to Adapty here, so neither is an
 * `Option`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const AccessLevelGrant = Schema.Struct({
  accessLevelId: required("access_level_id", Schema.String),
  startsAt: optionalOrNull("starts_at", DateTimeUtc),
  expiresAt: optionalOrNull("expires_at", DateTimeUtc)
}).annotations({ identifier: "AccessLevelGrant" })

/**
 * @since 0.2.0
 * @category models
 */
export interface AccessLevelGrant extends Schema.Schema.Type<typeof AccessLevelGrant> {}

/**
 * The body of `revokeAccessLevel`. Without `revokeAt` (or with `null` on
 * the wire) the access level ends at once.
 *
 * @since 0.2.0
 * @category schemas
 */
export const AccessLevelRevocation = Schema.Struct({
  accessLevelId: required("access_level_id", Schema.String),
  revokeAt: optionalOrNull("revoke_at", DateTimeUtc)
}).annotations({ identifier: "AccessLevelRevocation" })

/**
 * @since 0.2.0
 * @category models
 */
export interface AccessLevelRevocation extends Schema.Schema.Type<typeof AccessLevelRevocation> {}

/**
 * Checks a transaction before it is sent: types, and `storeTransactionId`
 * and `storeOriginalTransactionId` of at most 50 characters.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkTransaction: (input: unknown) => Either.Either<Transaction, InvalidInput> = checkInput(Transaction)

/**
 * Checks a grant before it is sent.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkAccessLevelGrant: (input: unknown) => Either.Either<AccessLevelGrant, InvalidInput> = checkInput(
  AccessLevelGrant
)

/**
 * Checks a revocation before it is sent.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkAccessLevelRevocation: (input: unknown) => Either.Either<AccessLevelRevocation, InvalidInput> =
  checkInput(AccessLevelRevocation)
