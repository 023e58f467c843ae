/**
 * The service users program against: delete an Adapty profile, with a typed
 * error for every other outcome.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { DeleteProfileError, InvalidProfileLookup } from "./AdaptyError.js"
import * as Observability from "./internal/observability.js"
import { check, keyOf, type ProfileLookup, toError } from "./ProfileLookup.js"

/**
 * What an implementation does once the lookup is known to be valid. It cannot
 * fail with `InvalidProfileLookup`: validation is not its job.
 *
 * @since 0.1.0
 * @category models
 */
export interface Backend {
  readonly deleteProfile: (
    lookup: ProfileLookup
  ) => Effect.Effect<Receipt | void, Exclude<DeleteProfileError, InvalidProfileLookup>>
}

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
    }
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
    metrics: { calls: deleteInstruments.calls, latency: deleteInstruments.latency }
  } as const

  /**
   * Deletes a profile through the `ProfileService` in the context.
   *
   * @since 0.1.0
   */
  static readonly deleteProfile = (lookup: ProfileLookup): Effect.Effect<void, DeleteProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.deleteProfile(lookup))
}
