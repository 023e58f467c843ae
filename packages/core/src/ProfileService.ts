/**
 * The service users program against: delete an Adapty profile, with a typed
 * error for every other outcome.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { DeleteProfileError, InvalidProfileLookup } from "./AdaptyError.js"
import { type ProfileLookup, validate } from "./ProfileLookup.js"

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
  ) => Effect.Effect<void, Exclude<DeleteProfileError, InvalidProfileLookup>>
}

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
     * Deletes the profile the lookup names. Succeeds on 204 (and any other
     * 2xx); fails with `InvalidProfileLookup` before anything is sent when
     * the lookup breaks a rule.
     */
    readonly deleteProfile: (lookup: ProfileLookup) => Effect.Effect<void, DeleteProfileError>
  }
>() {
  /**
   * Builds the service from a backend, validating every lookup first, so
   * that every implementation rejects exactly the same inputs the same way.
   *
   * @since 0.1.0
   */
  static readonly make = (backend: Backend): ProfileService["Type"] => ({
    deleteProfile: (lookup) => Effect.flatMap(validate(lookup), backend.deleteProfile)
  })

  /**
   * Deletes a profile through the `ProfileService` in the context.
   *
   * @since 0.1.0
   */
  static readonly deleteProfile = (lookup: ProfileLookup): Effect.Effect<void, DeleteProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.deleteProfile(lookup))
}
