/**
 * The store behind the in-memory services and the fake Adapty server: it
 * models a profile's life (create, read, update, delete, access levels and
 * transactions) as Adapty's API does. Seed it, see what remains and what was
 * deleted, read any profile, and make the next calls fail with a chosen
 * error.
 *
 * Where Adapty documents nothing, the store makes a choice, and says so:
 * creating a profile that exists already fails with `BadRequest` (400,
 * `profile_already_exists`); an update merges custom attributes by key; a
 * revocation of an access level the profile does not have changes nothing;
 * a transaction does not grant an access level (which product unlocks which
 * level is set up in Adapty's dashboard) and does not change
 * `totalRevenueUsd`.
 *
 * @since 0.1.0
 */
import {
  type AccessLevel,
  type AccessLevelGrant,
  type AccessLevelRevocation,
  type AdaptyError,
  BadRequest,
  type CreateProfileError,
  type CreateProfileInput,
  type CustomAttribute,
  type DeleteProfileError,
  type GetProfileError,
  type InvalidInput,
  type InvalidProfileLookup,
  maxCustomAttributes,
  type NonSubscription,
  Operation,
  type Profile as ProfileModel,
  type ProfileInput,
  type ProfileLookup,
  ProfileLookupRules,
  ProfileNotFound,
  type ProfileService,
  type PurchaseError,
  type PurchaseService,
  type Subscription,
  type Transaction,
  type TransportError,
  type UpdateProfileError
} from "@effect-adapty/core"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as FaultQueue from "./internal/faultQueue.js"
import * as State from "./internal/profileState.js"
import * as Responses from "./internal/responses.js"

/**
 * A profile as `remaining` and `deleted` list it: its two identifiers.
 *
 * @since 0.1.0
 * @category models
 */
export interface Profile {
  readonly profileId: string
  readonly customerUserId?: string | undefined
}

/**
 * What create and update set that the `Profile` model does not show (name,
 * e-mail, installation, …), as the bodies gave it: a field never sent is
 * absent, one sent as `null` (`Option.none()`) is `Option.none()`.
 *
 * @since 0.2.0
 * @category models
 */
export type Details = State.Details

/**
 * A profile to seed: its identifiers and, optionally, any field of the
 * `Profile` model (the others start empty: no attributes, access levels or
 * purchases, revenue 0) and its {@link Details}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Seed extends Profile {
  readonly totalRevenueUsd?: number | undefined
  readonly segmentHash?: string | undefined
  readonly customAttributes?: ReadonlyArray<CustomAttribute> | undefined
  readonly accessLevels?: ReadonlyArray<AccessLevel> | undefined
  readonly subscriptions?: ReadonlyArray<Subscription> | undefined
  readonly nonSubscriptions?: ReadonlyArray<NonSubscription> | undefined
  readonly details?: Details | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Since 0.2.0, a seed may carry any field of the `Profile` model. */
  readonly profiles?: Iterable<Seed> | undefined
  /**
   * Whether `requests` keeps every lookup (default true). Turn it off for
   * long runs (benchmarks, soak tests): it grows with every call.
   */
  readonly recordRequests?: boolean | undefined
  /**
   * The `appId` of every profile (default
   * {@link defaultAppId}).
   *
   * @since 0.2.0
   */
  readonly appId?: string | undefined
}

/**
 * The name of a service method, which names its operation.
 *
 * @since 0.2.0
 * @category models
 */
export type OperationName = keyof ProfileService["Type"] | keyof PurchaseService["Type"]

/**
 * One call that reached the store: its operation and its lookup.
 *
 * @since 0.2.0
 * @category models
 */
export interface Call {
  readonly operation: OperationName
  readonly lookup: ProfileLookup
}

/**
 * An error a call can end with once the lookup and the input are valid:
 * any error that comes from a response, or a `TransportError`. (Since 0.2.0
 * it includes `BadRequest`.) An operation that cannot end with that error
 * class ends with what the live layer makes of its status instead: a
 * `BadRequest` injected into `deleteProfile` comes back as
 * `UnexpectedResponse` with status 400, as over HTTP.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Exclude<AdaptyError, InvalidProfileLookup | InvalidInput>

/**
 * How `deleteProfile` of the store can fail.
 *
 * @since 0.2.0
 * @category models
 */
export type DeleteFailure = Exclude<DeleteProfileError, InvalidProfileLookup>

/**
 * How `getProfile` of the store can fail.
 *
 * @since 0.2.0
 * @category models
 */
export type GetFailure = Exclude<GetProfileError, InvalidProfileLookup>

/**
 * How `createProfile` of the store can fail.
 *
 * @since 0.2.0
 * @category models
 */
export type CreateFailure = Exclude<CreateProfileError, InvalidProfileLookup | InvalidInput>

/**
 * How `updateProfile` of the store can fail.
 *
 * @since 0.2.0
 * @category models
 */
export type UpdateFailure = Exclude<UpdateProfileError, InvalidProfileLookup | InvalidInput>

/**
 * How the purchase operations of the store can fail.
 *
 * @since 0.2.0
 * @category models
 */
export type PurchaseFailure = Exclude<PurchaseError, InvalidProfileLookup | InvalidInput>

/**
 * @since 0.1.0
 * @category models
 */
export interface Store {
  /**
   * Adds profiles; one with a `profileId` already present replaces it.
   * Since 0.2.0 a seed may carry any field of the `Profile` model.
   */
  readonly add: (profiles: Iterable<Seed>) => Effect.Effect<void>
  /**
   * Adds whole profiles, as the `Profile` model has them (for example
   * decoded from a recorded answer); one with a `profileId` already present
   * replaces it.
   *
   * @since 0.2.0
   */
  readonly put: (profiles: Iterable<ProfileModel>) => Effect.Effect<void>
  /** The profiles still present, in the order they were added. */
  readonly remaining: Effect.Effect<ReadonlyArray<Profile>>
  /** The profiles deleted so far, in the order they were deleted. */
  readonly deleted: Effect.Effect<ReadonlyArray<Profile>>
  /** Whether a profile matches the lookup. */
  readonly has: (lookup: ProfileLookup) => Effect.Effect<boolean>
  /**
   * The profile the lookup names, as the last answer about it gave it
   * (`timestamp` 0 when there was none), without counting as a call.
   *
   * @since 0.2.0
   */
  readonly get: (lookup: ProfileLookup) => Effect.Effect<Option.Option<ProfileModel>>
  /**
   * What create and update set on the profile that the model does not show.
   *
   * @since 0.2.0
   */
  readonly details: (lookup: ProfileLookup) => Effect.Effect<Option.Option<Details>>
  /**
   * Every profile present, as {@link Store.get} gives it, in the order they
   * were added.
   *
   * @since 0.2.0
   */
  readonly profiles: Effect.Effect<ReadonlyArray<ProfileModel>>
  /**
   * Every valid lookup that reached the store, in order: an invalid one
   * never does, as it never reaches Adapty; nor does an invalid input.
   */
  readonly requests: Effect.Effect<ReadonlyArray<ProfileLookup>>
  /**
   * Every call that reached the store, with its operation, in order (kept
   * when `requests` is).
   *
   * @since 0.2.0
   */
  readonly calls: Effect.Effect<ReadonlyArray<Call>>
  /**
   * Makes the next `times` calls (default 1; `Infinity` for every call until
   * {@link Store.clearFaults}) fail with `error`, in the order the faults were
   * added; since 0.2.0, with `operation`, only the calls of that operation.
   * The in-memory services return the error as it is; the fake server
   * answers with its status and details (a `TransportError` closes the
   * connection, or, for `Timeout`, never answers).
   *
   * Note that a fault is consumed per call to the store. Over the fake
   * server the live layer retries 429 and 5xx, and each retry consumes one.
   */
  readonly failNext: (
    error: Fault,
    options?: { readonly times?: number | undefined; readonly operation?: OperationName | undefined }
  ) => Effect.Effect<void>
  /** Drops every pending fault. */
  readonly clearFaults: Effect.Effect<void>
  /**
   * What a call does once its lookup is valid: the next fault if there is
   * one, otherwise the deletion, or `ProfileNotFound`.
   */
  readonly deleteProfile: (lookup: ProfileLookup) => Effect.Effect<void, DeleteFailure>
  /**
   * The profile, or `ProfileNotFound`.
   *
   * @since 0.2.0
   */
  readonly getProfile: (lookup: ProfileLookup) => Effect.Effect<ProfileModel, GetFailure>
  /**
   * A new profile: by customer user id, with a new UUID `profileId`; by
   * profile id, with that id. `BadRequest` (400, `profile_already_exists`)
   * when the lookup names a profile already.
   *
   * @since 0.2.0
   */
  readonly createProfile: (lookup: ProfileLookup, input: CreateProfileInput) => Effect.Effect<ProfileModel, CreateFailure>
  /**
   * Changes the fields given and only those: `Option.none()` clears a
   * field; custom attributes are merged by key (a given key replaces that
   * key's value or is added, others are kept), and a merge that would leave
   * more than 30 fails with `BadRequest` (400, `validation_error`) and
   * changes nothing. `ProfileNotFound` when absent.
   *
   * @since 0.2.0
   */
  readonly updateProfile: (lookup: ProfileLookup, input: ProfileInput) => Effect.Effect<ProfileModel, UpdateFailure>
  /**
   * Adds the access level, or replaces the one with that id.
   *
   * @since 0.2.0
   */
  readonly grantAccessLevel: (
    lookup: ProfileLookup,
    grant: AccessLevelGrant
  ) => Effect.Effect<ProfileModel, PurchaseFailure>
  /**
   * Removes the access level at once (no `revokeAt`, or one not in the
   * future by the `Clock`), or sets its `expiresAt` to `revokeAt`.
   *
   * @since 0.2.0
   */
  readonly revokeAccessLevel: (
    lookup: ProfileLookup,
    revocation: AccessLevelRevocation
  ) => Effect.Effect<ProfileModel, PurchaseFailure>
  /**
   * Adds the transaction to `subscriptions` or `nonSubscriptions`; a known
   * `storeTransactionId` updates its entry instead.
   *
   * @since 0.2.0
   */
  readonly setTransaction: (
    lookup: ProfileLookup,
    transaction: Transaction
  ) => Effect.Effect<ProfileModel, PurchaseFailure>
}

/**
 * The `appId` of the store's profiles unless {@link Options} gives one.
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultAppId = "00000000-0000-4000-8000-000000000000"

const defaultSegmentHash = "0000000000000000"

/**
 * The error an absent profile ends with, with Adapty's documented body.
 *
 * @since 0.1.0
 * @category errors
 */
export const notFound = (): ProfileNotFound => notFoundError

// One shared value for every miss: its fields are readonly, a stack trace
// would only point into this store, and building a new error per miss was
// most of what a bulk erasure's misses allocated (V8 then pretenured them).
const notFoundError: ProfileNotFound = (() => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    // Constant, known-good fields: no need to validate them.
    return new ProfileNotFound({ status: 404, details: Responses.profileNotFound }, true)
  } finally {
    Error.stackTraceLimit = limit
  }
})()

/**
 * The error a create ends with when the lookup names a profile already.
 * Adapty documents no answer for it; this is the double's choice.
 *
 * @since 0.2.0
 * @category errors
 */
export const alreadyExists = (): BadRequest =>
  new BadRequest({ status: 400, details: Responses.profileAlreadyExists }, true)

const tooManyCustomAttributes = (): BadRequest =>
  new BadRequest({ status: 400, details: Responses.tooManyCustomAttributes(maxCustomAttributes) }, true)

const fieldsOf = (fault: Exclude<Fault, TransportError>): Operation.ResponseFields => ({
  status: fault.status,
  attempts: fault.attempts ?? 1,
  ...(fault.details === undefined ? {} : { details: fault.details }),
  ...(fault.requestId === undefined ? {} : { requestId: fault.requestId }),
  ...((fault._tag === "RateLimited" || fault._tag === "ServerError") && fault.retryAfter !== undefined
    ? { retryAfter: fault.retryAfter }
    : {})
})

const sameClass = <E extends { readonly _tag: string }>(fault: Fault, mapped: E): fault is Fault & E =>
  fault._tag === mapped._tag

// A fault as an operation's callers see it: itself when the operation can
// fail with its class, otherwise what the live layer makes of its status.
const faultFor = <E extends { readonly _tag: string }>(
  errorOf: (fields: Operation.ResponseFields) => E,
  fault: Fault
): E | TransportError => {
  if (fault._tag === "TransportError") return fault
  const mapped = errorOf(fieldsOf(fault))
  return sameClass(fault, mapped) ? fault : mapped
}

// A stored profile: the model as the last answer gave it, and its details.
interface Entry {
  profile: ProfileModel
  details: Details
}

/**
 * A store with the given profiles in it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): Effect.Effect<Store> =>
  Effect.sync(() => {
    // Plain mutable state touched only inside `Effect.sync`/`suspend`: each
    // operation runs to completion before another starts, so concurrent
    // calls about one profile see one order.
    const byProfileId = new Map<string, Profile>()
    const byCustomerUserId = new Map<string, string>()
    // The full state of the profiles that have one. A profile seeded by its
    // identifiers alone gets it on its first call: a million seeds for a
    // bulk erasure cost one small object each.
    const entries = new Map<string, Entry>()
    const deleted: Array<Profile> = []
    const requests: Array<ProfileLookup> = []
    // Which operation each recorded request was, run-length encoded: a bulk
    // erasure's million deletes are one run.
    const runs: Array<{ readonly operation: OperationName; count: number }> = []
    const faults = FaultQueue.make<Fault>()
    const recordRequests = options?.recordRequests !== false
    const appId = options?.appId ?? defaultAppId
    let lastTimestamp = 0

    const removeIndex = (profile: Profile | undefined) => {
      if (profile?.customerUserId !== undefined && byCustomerUserId.get(profile.customerUserId) === profile.profileId) {
        byCustomerUserId.delete(profile.customerUserId)
      }
    }
    const insert = (profile: Profile) => {
      removeIndex(byProfileId.get(profile.profileId))
      if (entries.size !== 0) entries.delete(profile.profileId)
      byProfileId.set(profile.profileId, profile)
      if (profile.customerUserId !== undefined) byCustomerUserId.set(profile.customerUserId, profile.profileId)
    }
    const summaryOf = (profileId: string, customerUserId: string | undefined): Profile =>
      customerUserId === undefined ? { profileId } : { profileId, customerUserId }
    const modelOf = (seed: Seed): ProfileModel => ({
      appId,
      profileId: seed.profileId,
      customerUserId: Option.fromNullable(seed.customerUserId),
      totalRevenueUsd: seed.totalRevenueUsd ?? 0,
      segmentHash: seed.segmentHash ?? defaultSegmentHash,
      timestamp: 0,
      customAttributes: seed.customAttributes ?? State.empty,
      accessLevels: seed.accessLevels ?? State.empty,
      subscriptions: seed.subscriptions ?? State.empty,
      nonSubscriptions: seed.nonSubscriptions ?? State.empty
    })
    const isBare = (seed: Seed): boolean =>
      seed.totalRevenueUsd === undefined && seed.segmentHash === undefined && seed.customAttributes === undefined &&
      seed.accessLevels === undefined && seed.subscriptions === undefined && seed.nonSubscriptions === undefined &&
      seed.details === undefined
    const addAll = (seeds: Iterable<Seed>) => {
      for (const seed of seeds) {
        const summary = summaryOf(seed.profileId, seed.customerUserId)
        insert(summary)
        if (!isBare(seed)) entries.set(summary.profileId, { profile: modelOf(seed), details: seed.details ?? State.noDetails })
      }
    }
    const putAll = (profiles: Iterable<ProfileModel>) => {
      for (const profile of profiles) {
        const summary = summaryOf(profile.profileId, Option.getOrUndefined(profile.customerUserId))
        insert(summary)
        entries.set(summary.profileId, { profile, details: State.noDetails })
      }
    }
    const find = (lookup: ProfileLookup): Profile | undefined =>
      ProfileLookupRules.match(lookup, {
        customerUserId: (id) => {
          const profileId = byCustomerUserId.get(id)
          return profileId === undefined ? undefined : byProfileId.get(profileId)
        },
        profileId: (id) => byProfileId.get(id)
      })
    const entryOf = (summary: Profile): Entry => {
      const existing = entries.get(summary.profileId)
      if (existing !== undefined) return existing
      const entry: Entry = { profile: modelOf(summary), details: State.noDetails }
      entries.set(summary.profileId, entry)
      return entry
    }
    const view = (summary: Profile): ProfileModel => entries.get(summary.profileId)?.profile ?? modelOf(summary)

    const record = (operation: OperationName, lookup: ProfileLookup) => {
      if (!recordRequests) return
      requests.push(lookup)
      const last = runs[runs.length - 1]
      if (last !== undefined && last.operation === operation) last.count++
      else runs.push({ operation, count: 1 })
    }
    // What every operation does first: record the call, then take its fault.
    const begin = <E extends { readonly _tag: string }>(
      operation: OperationName,
      errorOf: (fields: Operation.ResponseFields) => E,
      lookup: ProfileLookup
    ): Option.Option<E | TransportError> => {
      record(operation, lookup)
      const fault = faults.take(operation)
      return Option.isNone(fault) ? Option.none() : Option.some(faultFor(errorOf, fault.value))
    }
    // The answer about a profile: it is stored with a timestamp that grows
    // strictly, even when the clock stands still or goes back.
    const answer = (entry: Entry, profile: ProfileModel, now: number): ProfileModel => {
      lastTimestamp = Math.max(lastTimestamp + 1, now)
      entry.profile = { ...profile, timestamp: lastTimestamp }
      return entry.profile
    }
    // An operation on an existing profile: `change` gives the profile after
    // it, or a failure that leaves the profile as it was.
    const onProfile = <E extends { readonly _tag: string }, F = never>(
      operation: OperationName,
      errorOf: (fields: Operation.ResponseFields) => E,
      lookup: ProfileLookup,
      change: (entry: Entry, now: DateTime.Utc, uuid: string) => Either.Either<ProfileModel, F>
    ): Effect.Effect<ProfileModel, E | TransportError | ProfileNotFound | F> =>
      Effect.flatMap(
        Effect.zip(Clock.currentTimeMillis, State.randomUuid),
        ([now, uuid]) =>
          Effect.suspend((): Effect.Effect<ProfileModel, E | TransportError | ProfileNotFound | F> => {
            const fault = begin(operation, errorOf, lookup)
            if (Option.isSome(fault)) return Effect.fail(fault.value)
            const summary = find(lookup)
            if (summary === undefined) return Effect.fail(notFound())
            const entry = entryOf(summary)
            const next = change(entry, DateTime.unsafeMake(now), uuid)
            return Either.isLeft(next) ? Effect.fail(next.left) : Effect.succeed(answer(entry, next.right, now))
          })
      )

    // A purchase operation: a change that cannot fail once the profile is found.
    const purchase = <I>(
      operation: OperationName,
      errorOf: (fields: Operation.ResponseFields) => PurchaseFailure,
      change: (profile: ProfileModel, input: I, now: DateTime.Utc, uuid: string) => ProfileModel
    ) =>
    (lookup: ProfileLookup, input: I): Effect.Effect<ProfileModel, PurchaseFailure> =>
      onProfile(operation, errorOf, lookup, (entry, now, uuid) => Either.right(change(entry.profile, input, now, uuid)))

    addAll(options?.profiles ?? [])

    const store: Store = {
      add: (profiles) => Effect.sync(() => addAll(profiles)),
      put: (profiles) => Effect.sync(() => putAll(profiles)),
      remaining: Effect.sync(() => Array.from(byProfileId.values())),
      deleted: Effect.sync(() => deleted.slice()),
      has: (lookup) => Effect.sync(() => find(lookup) !== undefined),
      get: (lookup) => Effect.sync(() => Option.map(Option.fromNullable(find(lookup)), view)),
      details: (lookup) =>
        Effect.sync(() =>
          Option.map(
            Option.fromNullable(find(lookup)),
            (summary) => entries.get(summary.profileId)?.details ?? State.noDetails
          )
        ),
      profiles: Effect.sync(() => Array.from(byProfileId.values(), view)),
      requests: Effect.sync(() => requests.slice()),
      calls: Effect.sync(() => {
        const calls: Array<Call> = []
        let index = 0
        for (const run of runs) {
          for (let i = 0; i < run.count; i++) {
            const lookup = requests[index++]
            if (lookup !== undefined) calls.push({ operation: run.operation, lookup })
          }
        }
        return calls
      }),
      failNext: (error, options) => Effect.sync(() => faults.push(error, options?.times, options?.operation)),
      clearFaults: Effect.sync(faults.clear),
      deleteProfile: (lookup) =>
        Effect.suspend(() => {
          record("deleteProfile", lookup)
          const fault = faults.take("deleteProfile")
          if (Option.isSome(fault)) return Effect.fail(faultFor(Operation.deleteProfile.errorOf, fault.value))
          const profile = find(lookup)
          if (profile === undefined) return Effect.fail(notFound())
          byProfileId.delete(profile.profileId)
          removeIndex(profile)
          if (entries.size !== 0) entries.delete(profile.profileId)
          deleted.push(profile)
          return Effect.void
        }),
      getProfile: (lookup) =>
        onProfile("getProfile", Operation.getProfile.errorOf, lookup, (entry) => Either.right(entry.profile)),
      createProfile: (lookup, input) =>
        Effect.flatMap(Effect.zip(Clock.currentTimeMillis, State.randomUuid), ([now, uuid]) =>
          Effect.suspend(() => {
            const fault = begin("createProfile", Operation.createProfile.errorOf, lookup)
            if (Option.isSome(fault)) return Effect.fail(fault.value)
            if (find(lookup) !== undefined) return Effect.fail(alreadyExists())
            const { customAttributes, ...details } = input
            const attributes = State.mergeAttributes(State.empty, customAttributes ?? State.empty)
            if (attributes.length > maxCustomAttributes) return Effect.fail(tooManyCustomAttributes())
            const summary = ProfileLookupRules.match(lookup, {
              customerUserId: (id) => summaryOf(uuid, id),
              profileId: (id) => summaryOf(id, undefined)
            })
            insert(summary)
            const entry: Entry = {
              profile: { ...modelOf(summary), customAttributes: attributes },
              details: State.mergeDetails(State.noDetails, details)
            }
            entries.set(summary.profileId, entry)
            return Effect.succeed(answer(entry, entry.profile, now))
          })),
      updateProfile: (lookup, input) =>
        onProfile("updateProfile", Operation.updateProfile.errorOf, lookup, (entry) => {
          const { customAttributes, ...details } = input
          const attributes = customAttributes === undefined
            ? entry.profile.customAttributes
            : State.mergeAttributes(entry.profile.customAttributes, customAttributes)
          if (attributes.length > maxCustomAttributes) return Either.left(tooManyCustomAttributes())
          entry.details = State.mergeDetails(entry.details, details)
          return Either.right({ ...entry.profile, customAttributes: attributes })
        }),
      grantAccessLevel: purchase("grantAccessLevel", Operation.grantAccessLevel.errorOf, State.grant),
      revokeAccessLevel: purchase("revokeAccessLevel", Operation.revokeAccessLevel.errorOf, State.revoke),
      setTransaction: purchase("setTransaction", Operation.setTransaction.errorOf, State.recordTransaction)
    }
    return store
  })

/**
 * The store alone, for serving it with the fake server.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<InMemoryProfiles> =>
  Layer.effect(InMemoryProfiles, make(options))

/**
 * The store, as a service. Also carries its constructors: `InMemoryProfiles.layer`,
 * `InMemoryProfiles.make`.
 *
 * @since 0.1.0
 * @category tags
 */
export class InMemoryProfiles extends Context.Tag("@effect-adapty/testing/InMemoryProfiles")<
  InMemoryProfiles,
  Store
>() {
  /**
   * A store with the given profiles in it.
   *
   * @since 0.1.0
   */
  static readonly make = make
  /**
   * The store alone, for serving it with the fake server.
   *
   * @since 0.1.0
   */
  static readonly layer = layer
  /**
   * The error an absent profile ends with, with Adapty's documented body.
   *
   * @since 0.1.0
   */
  static readonly notFound = notFound
  /**
   * The error a create ends with when the profile exists already.
   *
   * @since 0.2.0
   */
  static readonly alreadyExists = alreadyExists
}

/**
 * The store's types under the tag's name, as Effect's own classes carry
 * theirs: `InMemoryProfiles.Store`, `InMemoryProfiles.Options`.
 *
 * @since 0.2.0
 */
export declare namespace InMemoryProfiles {
  /**
   * @since 0.2.0
   */
  export type Store = import("./InMemoryProfiles.js").Store
  /**
   * @since 0.2.0
   */
  export type Options = import("./InMemoryProfiles.js").Options
  /**
   * @since 0.2.0
   */
  export type Fault = import("./InMemoryProfiles.js").Fault
  /**
   * @since 0.2.0
   */
  export type Profile = import("./InMemoryProfiles.js").Profile
  /**
   * @since 0.2.0
   */
  export type Seed = import("./InMemoryProfiles.js").Seed
  /**
   * @since 0.2.0
   */
  export type Details = import("./InMemoryProfiles.js").Details
  /**
   * @since 0.2.0
   */
  export type Call = import("./InMemoryProfiles.js").Call
  /**
   * @since 0.2.0
   */
  export type OperationName = import("./InMemoryProfiles.js").OperationName
}
