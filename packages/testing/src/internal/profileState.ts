/**
 * What each operation does to a profile, as pure functions of the profile,
 * the input and the time: the store decides which profile and when, these
 * decide how it changes.
 *
 * @internal
 */
import type {
  AccessLevel,
  AccessLevelGrant,
  AccessLevelRevocation,
  CustomAttribute,
  NonSubscription,
  OneTimePurchase,
  Profile,
  ProfileInput,
  Subscription,
  SubscriptionPurchase,
  Transaction,
  TransactionOffer
} from "@effect-adapty/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"

/**
 * What create and update set that the `Profile` model does not show (name,
 * e-mail, installation, …), as the last body gave it: a field never sent is
 * absent, one sent as `null` is `Option.none()`.
 *
 * @internal
 */
export type Details = Omit<ProfileInput, "customAttributes">

/** @internal */
export const empty: ReadonlyArray<never> = []

/** @internal */
export const noDetails: Details = {}

// 32 random bits.
const word = Random.nextIntBetween(0, 0x100000000)

/**
 * A random version 4 UUID from the `Random` service, so that a seeded
 * `Random` gives the same ids in every run.
 *
 * @internal
 */
export const randomUuid: Effect.Effect<string> = Effect.map(
  Effect.all([word, word, word, word]),
  ([a, b, c, d]) => {
    const hex = [a, b, c, d].map((n) => n.toString(16).padStart(8, "0")).join("")
    // Version 4 in the 13th digit, the RFC 4122 variant in the 17th.
    const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${
      hex.slice(20, 32)
    }`
  }
)

/**
 * The custom attributes after an update: each given key replaces the value
 * of that key or is added at the end; keys not given are kept.
 *
 * @internal
 */
export const mergeAttributes = (
  current: ReadonlyArray<CustomAttribute>,
  given: ReadonlyArray<CustomAttribute>
): ReadonlyArray<CustomAttribute> => {
  const merged = current.slice()
  for (const attribute of given) {
    const copy: CustomAttribute = { key: attribute.key, value: attribute.value }
    const index = merged.findIndex((existing) => existing.key === attribute.key)
    if (index === -1) merged.push(copy)
    else merged[index] = copy
  }
  return merged
}

/**
 * The details after an update: the fields given replace those stored, and
 * a field given as `undefined` counts as not given.
 *
 * @internal
 */
export const mergeDetails = (current: Details, given: Details): Details => {
  const patch: Details = { ...given }
  for (const key of Object.keys(patch)) {
    if (Reflect.get(patch, key) === undefined) Reflect.deleteProperty(patch, key)
  }
  return { ...current, ...patch }
}

const orNone = <A>(value: Option.Option<A> | undefined): Option.Option<A> => value ?? Option.none()

/**
 * The profile after a grant: the access level with that id is replaced (it
 * keeps its place and its first purchase time) or added at the end. A grant
 * carries no purchase, so the store is `adapty`, the product id is the access
 * level id and the transaction id is new.
 *
 * @internal
 */
export const grant = (profile: Profile, grant: AccessLevelGrant, now: DateTime.Utc, uuid: string): Profile => {
  const previous = profile.accessLevels.find((level) => level.accessLevelId === grant.accessLevelId)
  const level: AccessLevel = {
    accessLevelId: grant.accessLevelId,
    store: "adapty",
    storeProductId: grant.accessLevelId,
    storeBasePlanId: Option.none(),
    storeTransactionId: uuid,
    storeOriginalTransactionId: previous?.storeOriginalTransactionId ?? uuid,
    offer: Option.none(),
    startsAt: Option.fromNullable(grant.startsAt),
    purchasedAt: now,
    originallyPurchasedAt: previous?.originallyPurchasedAt ?? now,
    expiresAt: Option.fromNullable(grant.expiresAt),
    renewalCancelledAt: Option.none(),
    billingIssueDetectedAt: Option.none(),
    isInGracePeriod: false,
    cancellationReason: Option.none()
  }
  return {
    ...profile,
    accessLevels: previous === undefined
      ? [...profile.accessLevels, level]
      : profile.accessLevels.map((existing) => existing === previous ? level : existing)
  }
}

/**
 * The profile after a revocation: without `revokeAt`, or with one that is
 * not in the future, the access level is removed; otherwise it stays until
 * then (`expiresAt` is `revokeAt`). Revoking an access level the profile does
 * not have changes nothing.
 *
 * @internal
 */
export const revoke = (profile: Profile, revocation: AccessLevelRevocation, now: DateTime.Utc): Profile => {
  const revokeAt = revocation.revokeAt
  const matches = (level: AccessLevel) => level.accessLevelId === revocation.accessLevelId
  return {
    ...profile,
    accessLevels: revokeAt === undefined || !DateTime.greaterThan(revokeAt, now)
      ? profile.accessLevels.filter((level) => !matches(level))
      : profile.accessLevels.map((level) => matches(level) ? { ...level, expiresAt: Option.some(revokeAt) } : level)
  }
}

const offerOf = (offer: Option.Option<TransactionOffer> | undefined) =>
  Option.map(orNone(offer), (given) => ({ category: given.category, type: given.type, id: orNone(given.id) }))

const subscriptionOf = (
  transaction: SubscriptionPurchase,
  previous: Subscription | undefined,
  now: DateTime.Utc
): Subscription => ({
  store: transaction.store,
  storeProductId: transaction.storeProductId,
  storeBasePlanId: Option.none(),
  storeTransactionId: transaction.storeTransactionId,
  storeOriginalTransactionId: transaction.storeOriginalTransactionId,
  offer: offerOf(transaction.offer),
  environment: transaction.environment ?? "Production",
  purchasedAt: transaction.purchasedAt,
  originallyPurchasedAt: transaction.originallyPurchasedAt,
  expiresAt: Option.some(transaction.expiresAt),
  // When auto-renewal was turned off: as sent, else as known, else now.
  renewalCancelledAt: transaction.renewStatus ? Option.none() : orNone(transaction.renewStatusChangedAt).pipe(
    Option.orElse(() => orNone(previous?.renewalCancelledAt)),
    Option.orElse(() => Option.some(now))
  ),
  billingIssueDetectedAt: orNone(transaction.billingIssueDetectedAt),
  isInGracePeriod: Option.exists(orNone(transaction.gracePeriodExpiresAt), (end) => DateTime.greaterThan(end, now)),
  cancellationReason: orNone(transaction.cancellationReason)
})

const nonSubscriptionOf = (
  transaction: OneTimePurchase,
  previous: NonSubscription | undefined,
  uuid: string
): NonSubscription => ({
  purchaseId: previous?.purchaseId ?? uuid,
  store: transaction.store,
  storeProductId: transaction.storeProductId,
  storeBasePlanId: Option.none(),
  storeTransactionId: transaction.storeTransactionId,
  storeOriginalTransactionId: transaction.storeOriginalTransactionId,
  purchasedAt: transaction.purchasedAt,
  environment: transaction.environment ?? "Production",
  isRefund: Option.isSome(orNone(transaction.refundedAt)),
  // Whether a product is consumable is set up in Adapty, not sent.
  isConsumable: false
})

// The list with the entry of that transaction id replaced in place, or the
// new entry added at the end.
const upsert = <A extends { readonly storeTransactionId: string }>(
  list: ReadonlyArray<A>,
  id: string,
  make: (previous: A | undefined) => A
): ReadonlyArray<A> => {
  const previous = list.find((entry) => entry.storeTransactionId === id)
  const next = make(previous)
  return previous === undefined ? [...list, next] : list.map((entry) => entry === previous ? next : entry)
}

const without = <A extends { readonly storeTransactionId: string }>(list: ReadonlyArray<A>, id: string) =>
  list.some((entry) => entry.storeTransactionId === id) ? list.filter((entry) => entry.storeTransactionId !== id) : list

/**
 * The profile after a transaction: a subscription goes to `subscriptions`, a
 * one-time purchase to `nonSubscriptions`. Its `storeTransactionId` is the
 * key: a known one updates that entry (in place, keeping its purchase id)
 * instead of adding a second, as Adapty does.
 *
 * @internal
 */
export const recordTransaction = (
  profile: Profile,
  transaction: Transaction,
  now: DateTime.Utc,
  uuid: string
): Profile => {
  const id = transaction.storeTransactionId
  return transaction.purchaseType === "subscription"
    ? {
      ...profile,
      subscriptions: upsert(profile.subscriptions, id, (previous) => subscriptionOf(transaction, previous, now)),
      nonSubscriptions: without(profile.nonSubscriptions, id)
    }
    : {
      ...profile,
      subscriptions: without(profile.subscriptions, id),
      nonSubscriptions: upsert(profile.nonSubscriptions, id, (previous) => nonSubscriptionOf(transaction, previous, uuid))
    }
}
