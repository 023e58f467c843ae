/**
 * A fast path for decoding the common, well-formed `ProfileResponse`: the
 * Schema decoder costs about as much as the rest of a getProfile call
 * (bench/README.md). It gives up (`undefined`) at the first thing it does
 * not expect, and the Schema decoder then decides, so errors and edge cases
 * are always Schema's; a property test holds the two to the same results.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import {
  type AccessLevel,
  type CustomAttribute,
  isIsoDateTime,
  type NonSubscription,
  type Offer,
  type Profile,
  type Subscription
} from "../Profile.js"

// Thrown to give up; caught once, at the top.
const giveUp: unique symbol = Symbol()

type Wire = { readonly [key: string]: unknown }

// Only plain JSON objects: anything else is left to the Schema decoder.
const isWire = (value: unknown): value is Wire =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype

const object = (value: unknown): Wire => {
  if (!isWire(value)) throw giveUp
  return value
}

const own = (wire: Wire, key: string): unknown => Object.hasOwn(wire, key) ? wire[key] : undefined

const string = (value: unknown): string => {
  if (typeof value !== "string") throw giveUp
  return value
}

const finite = (value: unknown): number => {
  if (typeof value !== "number" || !Number.isFinite(value)) throw giveUp
  return value
}

const boolean = (value: unknown): boolean => {
  if (typeof value !== "boolean") throw giveUp
  return value
}

const dateTime = (value: unknown): DateTime.Utc => {
  if (typeof value !== "string" || !isIsoDateTime(value)) throw giveUp
  try {
    return DateTime.unsafeMake(value)
  } catch {
    throw giveUp
  }
}

// Absent or null is None, as the model's `nullish` fields read it.
const nullish = <A>(wire: Wire, key: string, decode: (value: unknown) => A): Option.Option<A> => {
  const value = own(wire, key)
  return value === undefined || value === null ? Option.none() : Option.some(decode(value))
}

const array = <A>(value: unknown, decode: (value: unknown) => A): ReadonlyArray<A> => {
  if (!Array.isArray(value)) throw giveUp
  const out: Array<A> = new Array(value.length)
  for (let i = 0; i < value.length; i++) out[i] = decode(value[i])
  return out
}

const customAttribute = (value: unknown): CustomAttribute => {
  const wire = object(value)
  const attribute = own(wire, "value")
  return {
    key: string(own(wire, "key")),
    value: typeof attribute === "string" ? attribute : finite(attribute)
  }
}

const offer = (value: unknown): Offer => {
  const wire = object(value)
  return {
    category: string(own(wire, "category")),
    type: string(own(wire, "type")),
    id: nullish(wire, "id", string)
  }
}

// The fields of a purchase, then of its period: each kind adds its own to
// the same object, since spreading them into a new one cost more than all
// the rest of the decoding (bench/decode.ts).
const purchase = (wire: Wire) => ({
  store: string(own(wire, "store")),
  storeProductId: string(own(wire, "store_product_id")),
  storeBasePlanId: nullish(wire, "store_base_plan_id", string),
  storeTransactionId: string(own(wire, "store_transaction_id")),
  storeOriginalTransactionId: string(own(wire, "store_original_transaction_id")),
  purchasedAt: dateTime(own(wire, "purchased_at"))
})

const purchasePeriod = (wire: Wire) =>
  Object.assign(purchase(wire), {
    offer: nullish(wire, "offer", offer),
    originallyPurchasedAt: dateTime(own(wire, "originally_purchased_at")),
    expiresAt: nullish(wire, "expires_at", dateTime),
    renewalCancelledAt: nullish(wire, "renewal_cancelled_at", dateTime),
    billingIssueDetectedAt: nullish(wire, "billing_issue_detected_at", dateTime),
    isInGracePeriod: boolean(own(wire, "is_in_grace_period")),
    cancellationReason: nullish(wire, "cancellation_reason", string)
  })

const accessLevel = (value: unknown): AccessLevel => {
  const wire = object(value)
  return Object.assign(purchasePeriod(wire), {
    accessLevelId: string(own(wire, "access_level_id")),
    startsAt: nullish(wire, "starts_at", dateTime)
  })
}

const subscription = (value: unknown): Subscription => {
  const wire = object(value)
  return Object.assign(purchasePeriod(wire), { environment: string(own(wire, "environment")) })
}

const nonSubscription = (value: unknown): NonSubscription => {
  const wire = object(value)
  return Object.assign(purchase(wire), {
    purchaseId: string(own(wire, "purchase_id")),
    environment: string(own(wire, "environment")),
    isRefund: boolean(own(wire, "is_refund")),
    isConsumable: boolean(own(wire, "is_consumable"))
  })
}

const profile = (value: unknown): Profile => {
  const wire = object(value)
  // Present and null, or a string: the model's `requiredNullable`.
  if (!Object.hasOwn(wire, "customer_user_id")) throw giveUp
  const customerUserId = own(wire, "customer_user_id")
  const timestamp = own(wire, "timestamp")
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp)) throw giveUp
  return {
    appId: string(own(wire, "app_id")),
    profileId: string(own(wire, "profile_id")),
    customerUserId: customerUserId === null ? Option.none() : Option.some(string(customerUserId)),
    totalRevenueUsd: finite(own(wire, "total_revenue_usd")),
    segmentHash: string(own(wire, "segment_hash")),
    timestamp,
    customAttributes: array(own(wire, "custom_attributes"), customAttribute),
    accessLevels: array(own(wire, "access_levels"), accessLevel),
    subscriptions: array(own(wire, "subscriptions"), subscription),
    nonSubscriptions: array(own(wire, "non_subscriptions"), nonSubscription)
  }
}

/**
 * The profile of a `{ "data": Profile }` body, or `undefined` when the body
 * is anything but the common well-formed shape.
 *
 * @internal
 */
export const decodeProfileResponse = (body: unknown): Profile | undefined => {
  try {
    return profile(own(object(body), "data"))
  } catch (error) {
    if (error === giveUp) return undefined
    throw error
  }
}
