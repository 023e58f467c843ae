/**
 * The store behind the in-memory `ProfileService` and the fake Adapty
 * server: seed it, see what remains and what was deleted, and make the next
 * calls fail with a chosen error.
 *
 * @since 0.1.0
 */
import {
  type DeleteProfileError,
  type InvalidProfileLookup,
  type ProfileLookup,
  ProfileLookupRules,
  ProfileNotFound
} from "@effect-adapty/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as FaultQueue from "./internal/faultQueue.js"
import * as Responses from "./internal/responses.js"

/**
 * A profile as the store keeps it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Profile {
  readonly profileId: string
  readonly customerUserId?: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly profiles?: Iterable<Profile> | undefined
  /**
   * Whether `requests` keeps every lookup (default true). Turn it off for
   * long runs (benchmarks, soak tests): it grows with every call.
   */
  readonly recordRequests?: boolean | undefined
}

/**
 * An error a call can end with once the lookup is valid.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Exclude<DeleteProfileError, InvalidProfileLookup>

/**
 * @since 0.1.0
 * @category models
 */
export interface Store {
  /** Adds profiles; one with a `profileId` already present replaces it. */
  readonly add: (profiles: Iterable<Profile>) => Effect.Effect<void>
  /** The profiles still present, in the order they were added. */
  readonly remaining: Effect.Effect<ReadonlyArray<Profile>>
  /** The profiles deleted so far, in the order they were deleted. */
  readonly deleted: Effect.Effect<ReadonlyArray<Profile>>
  /** Whether a profile matches the lookup. */
  readonly has: (lookup: ProfileLookup) => Effect.Effect<boolean>
  /**
   * Every valid lookup that reached the store, in order: an invalid one
   * never does, as it never reaches Adapty.
   */
  readonly requests: Effect.Effect<ReadonlyArray<ProfileLookup>>
  /**
   * Makes the next `times` calls (default 1; `Infinity` for every call until
   * {@link Store.clearFaults}) fail with `error`, in the order the faults were
   * added. The in-memory service returns the error as it is; the fake server
   * answers with its status and details (a `TransportError` closes the
   * connection, or, for `Timeout`, never answers).
   *
   * Note that a fault is consumed per call to the store. Over the fake
   * server the live layer retries 429 and 5xx, and each retry consumes one.
   */
  readonly failNext: (error: Fault, options?: { readonly times?: number | undefined }) => Effect.Effect<void>
  /** Drops every pending fault. */
  readonly clearFaults: Effect.Effect<void>
  /**
   * What a call does once its lookup is valid: the next fault if there is
   * one, otherwise the deletion, or `ProfileNotFound`.
   */
  readonly deleteProfile: (lookup: ProfileLookup) => Effect.Effect<void, Fault>
}

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
 * A store with the given profiles in it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: Options): Effect.Effect<Store> =>
  Effect.sync(() => {
    // Plain mutable state touched only inside `Effect.sync`: each operation
    // runs to completion before another starts, so concurrent deletes of one
    // profile see exactly one winner.
    const byProfileId = new Map<string, Profile>()
    const byCustomerUserId = new Map<string, string>()
    const deleted: Array<Profile> = []
    const requests: Array<ProfileLookup> = []
    const faults = FaultQueue.make<Fault>()
    const recordRequests = options?.recordRequests !== false

    const addAll = (profiles: Iterable<Profile>) => {
      for (const profile of profiles) {
        const copy: Profile = profile.customerUserId === undefined
          ? { profileId: profile.profileId }
          : { profileId: profile.profileId, customerUserId: profile.customerUserId }
        removeIndex(byProfileId.get(copy.profileId))
        byProfileId.set(copy.profileId, copy)
        if (copy.customerUserId !== undefined) byCustomerUserId.set(copy.customerUserId, copy.profileId)
      }
    }
    const removeIndex = (profile: Profile | undefined) => {
      if (profile?.customerUserId !== undefined && byCustomerUserId.get(profile.customerUserId) === profile.profileId) {
        byCustomerUserId.delete(profile.customerUserId)
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

    addAll(options?.profiles ?? [])

    const store: Store = {
      add: (profiles) => Effect.sync(() => addAll(profiles)),
      remaining: Effect.sync(() => Array.from(byProfileId.values())),
      deleted: Effect.sync(() => deleted.slice()),
      has: (lookup) => Effect.sync(() => find(lookup) !== undefined),
      requests: Effect.sync(() => requests.slice()),
      failNext: (error, options) => Effect.sync(() => faults.push(error, options?.times)),
      clearFaults: Effect.sync(faults.clear),
      deleteProfile: (lookup) =>
        Effect.suspend(() => {
          if (recordRequests) requests.push(lookup)
          const fault = faults.take()
          if (Option.isSome(fault)) return Effect.fail(fault.value)
          const profile = find(lookup)
          if (profile === undefined) return Effect.fail(notFound())
          byProfileId.delete(profile.profileId)
          removeIndex(profile)
          deleted.push(profile)
          return Effect.void
        })
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
}
