/**
 * The service users program against: delete an Adapty profile, with a typed
 * error for every other outcome.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type {
  CreateProfileError,
  DeleteProfileError,
  GetProfileError,
  InvalidProfileLookup,
  UpdateProfileError
} from "./AdaptyError.js"
import * as Call from "./internal/call.js"
import * as Observability from "./internal/observability.js"
import {
  checkCreateProfileInput,
  checkProfileInput,
  type CreateProfileInput,
  type Profile,
  type ProfileInput
} from "./Profile.js"
import { check, keyOf, type ProfileLookup, toError } from "./ProfileLookup.js"

/**
 * What an implementation does once the lookup is known to be valid. It cannot
 * fail with `InvalidProfileLookup`: validation is not its job. The methods
 * added in 0.2 are optional, so that a backend written for 0.1 still
 * builds a service; calling one it lacks is a defect.
 *
 * @since 0.1.0
 * @category models
 */
export interface Backend {
  readonly deleteProfile: (
    lookup: ProfileLookup
  ) => Effect.Effect<Receipt | void, Exclude<DeleteProfileError, InvalidProfileLookup>>
  readonly getProfile?: (
    lookup: ProfileLookup
  ) => Effect.Effect<Answer<Profile>, Exclude<GetProfileError, InvalidProfileLookup>>
  readonly createProfile?: (
    lookup: ProfileLookup,
    input: CreateProfileInput
  ) => Effect.Effect<Answer<Profile>, Exclude<CreateProfileError, InvalidProfileLookup>>
  readonly updateProfile?: (
    lookup: ProfileLookup,
    input: ProfileInput
  ) => Effect.Effect<Answer<Profile>, Exclude<UpdateProfileError, InvalidProfileLookup>>
}

/**
 * What a backend gives back for an operation with a result: the value, and
 * from a backend that speaks HTTP what the call's span reports.
 *
 * @since 0.2.0
 * @category models
 */
export interface Answer<A> extends Call.Answer<A> {}

/**
 * What a backend that speaks HTTP may report of a call that succeeded, for
 * the call's span; errors carry the same fields.
 *
 * @since 0.1.0
 * @category models
 */
export interface Receipt {
  readonly status: number
  readonly attempts: number
  readonly requestId?: string | undefined
}

const deleteInstruments = Observability.instruments("ProfileService", "deleteProfile", "deleted")
const getInstruments = Observability.instruments("ProfileService", "getProfile", "ok")
const createInstruments = Observability.instruments("ProfileService", "createProfile", "ok")
const updateInstruments = Observability.instruments("ProfileService", "updateProfile", "ok")

const receiptOf = (result: Receipt | void): Receipt | undefined => result === undefined ? undefined : result

/**
 * Adapty's profile operations.
 *
 * @example
 * ```ts
 * import { ProfileService } from "@effect-adapty/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const profiles = yield* ProfileService
 *   yield* profiles.deleteProfile({ customerUserId: "user-42" })
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class ProfileService extends Context.Tag("@effect-adapty/core/ProfileService")<
  ProfileService,
  {
    /**
     * Deletes the profile the lookup names. Succeeds on 204 only; fails
     * with `InvalidProfileLookup` before anything is sent when the lookup
     * breaks a rule.
     */
    readonly deleteProfile: (lookup: ProfileLookup) => Effect.Effect<void, DeleteProfileError>
    /**
     * The profile the lookup names.
     *
     * @since 0.2.0
     */
    readonly getProfile: (lookup: ProfileLookup) => Effect.Effect<Profile, GetProfileError>
    /**
     * Creates a profile for the lookup (by customer user id, Adapty gives it
     * a new profile id). `installationMeta` with its `deviceId` is required.
     * Retried only when Adapty did not process it (429, 503): a create
     * repeated after a lost answer could create twice.
     *
     * @since 0.2.0
     */
    readonly createProfile: (
      lookup: ProfileLookup,
      input: ProfileInput
    ) => Effect.Effect<Profile, CreateProfileError>
    /**
     * Changes the fields given, and only those.
     *
     * @since 0.2.0
     */
    readonly updateProfile: (
      lookup: ProfileLookup,
      input: ProfileInput
    ) => Effect.Effect<Profile, UpdateProfileError>
  }
>() {
  /**
   * Builds the service from a backend, validating every lookup first, so
   * that every implementation rejects exactly the same inputs the same way,
   * and wrapping every call in a `ProfileService.deleteProfile` span (lookup
   * kind, outcome, status, attempts, request id; never the identifier) and
   * the `adapty_delete_profile_calls_total` counter and
   * `adapty_delete_profile_duration_ms` histogram, both tagged by outcome.
   *
   * @since 0.1.0
   */
  static readonly make = (backend: Backend): ProfileService["Type"] => ({
    deleteProfile: (lookup) => {
      const checked = check(lookup)
      const body: Effect.Effect<Receipt | void, DeleteProfileError> = Either.isLeft(checked)
        ? Effect.fail(toError(checked.left))
        : backend.deleteProfile(checked.right)
      return Observability.instrument(
        deleteInstruments,
        Either.isLeft(checked) ? "invalid" : keyOf(checked.right),
        body,
        receiptOf
      ).pipe(Effect.asVoid)
    },
    getProfile: Call.withLookup(getInstruments, backend.getProfile),
    createProfile: Call.withInput(createInstruments, checkCreateProfileInput, backend.createProfile),
    updateProfile: Call.withInput(updateInstruments, checkProfileInput, backend.updateProfile)
  })

  /**
   * What every implementation built with {@link ProfileService.make} reports:
   * the span name, its attribute names, and the metrics `calls` (a counter)
   * and `latency` (a histogram in milliseconds), each tagged with `outcome`.
   *
   * @since 0.1.0
   */
  static readonly telemetry = {
    spanName: deleteInstruments.spanName,
    attributes: Observability.attributes,
    metrics: { calls: deleteInstruments.calls, latency: deleteInstruments.latency },
    /** The span name and metrics of each operation (since 0.2.0). */
    operations: {
      deleteProfile: Observability.telemetryOf(deleteInstruments),
      getProfile: Observability.telemetryOf(getInstruments),
      createProfile: Observability.telemetryOf(createInstruments),
      updateProfile: Observability.telemetryOf(updateInstruments)
    }
  } as const

  /**
   * Deletes a profile through the `ProfileService` in the context.
   *
   * @since 0.1.0
   */
  static readonly deleteProfile = (lookup: ProfileLookup): Effect.Effect<void, DeleteProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.deleteProfile(lookup))

  /**
   * Gets a profile through the `ProfileService` in the context.
   *
   * @since 0.2.0
   */
  static readonly getProfile = (lookup: ProfileLookup): Effect.Effect<Profile, GetProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.getProfile(lookup))

  /**
   * Creates a profile through the `ProfileService` in the context.
   *
   * @since 0.2.0
   */
  static readonly createProfile = (
    lookup: ProfileLookup,
    input: ProfileInput
  ): Effect.Effect<Profile, CreateProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.createProfile(lookup, input))

  /**
   * Updates a profile through the `ProfileService` in the context.
   *
   * @since 0.2.0
   */
  static readonly updateProfile = (
    lookup: ProfileLookup,
    input: ProfileInput
  ): Effect.Effect<Profile, UpdateProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.updateProfile(lookup, input))
}
