/**
 * The service users program against: delete an Adapty profile, with a typed
 * error for every other outcome.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import type { DeleteProfileError, InvalidProfileLookup } from "./AdaptyError.js"
import * as Observability from "./internal/observability.js"
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

// The outcome of one call, on its span and in the metrics. An interruption
// or a defect is neither: the span records it, the metrics do not.
const record = (exit: Exit.Exit<void, DeleteProfileError>, millis: number): Effect.Effect<void> => {
  let outcome: Observability.Outcome
  if (Exit.isSuccess(exit)) {
    outcome = "deleted"
  } else if (Cause.isFailType(exit.cause)) {
    const error = exit.cause.error
    outcome = Observability.outcomeOf(error)
    const annotations: Record<string, unknown> = { [Observability.attributes.errorTag]: error._tag }
    if ("status" in error) annotations[Observability.attributes.status] = error.status
    if ("attempts" in error && error.attempts !== undefined) annotations[Observability.attributes.attempts] = error.attempts
    if ("requestId" in error && error.requestId !== undefined) {
      annotations[Observability.attributes.requestId] = error.requestId
    }
    return Effect.zipRight(
      Effect.annotateCurrentSpan({ ...annotations, [Observability.attributes.outcome]: outcome }),
      count(outcome, millis)
    )
  } else {
    return Effect.void
  }
  return Effect.zipRight(Effect.annotateCurrentSpan(Observability.attributes.outcome, outcome), count(outcome, millis))
}

const count = (outcome: Observability.Outcome, millis: number): Effect.Effect<void> =>
  Effect.zipRight(
    Metric.increment(Observability.callsByOutcome[outcome]),
    Metric.update(Observability.latencyByOutcome[outcome], Duration.millis(millis))
  )

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
   * that every implementation rejects exactly the same inputs the same way,
   * and wrapping every call in a `ProfileService.deleteProfile` span (lookup
   * kind, outcome, status, attempts, request id; never the identifier) and
   * the `adapty_delete_profile_calls_total` counter and
   * `adapty_delete_profile_duration` histogram, both tagged by outcome.
   *
   * @since 0.1.0
   */
  static readonly make = (backend: Backend): ProfileService["Type"] => ({
    deleteProfile: (lookup) =>
      Effect.flatMap(Clock.currentTimeMillis, (start) =>
        Effect.flatMap(validate(lookup), backend.deleteProfile).pipe(
          Effect.onExit((exit) => Effect.flatMap(Clock.currentTimeMillis, (end) => record(exit, end - start)))
        )).pipe(
          Effect.withSpan(Observability.spanName, {
            kind: "client",
            // A stack trace per call costs more than the call itself on the
            // in-memory layer, and tells nothing the outcome does not.
            captureStackTrace: false,
            attributes: { [Observability.attributes.lookupKind]: Observability.lookupKind(lookup) }
          })
        )
  })

  /**
   * What every implementation built with {@link ProfileService.make} reports:
   * the span name, its attribute names, and the metrics `calls` (a counter)
   * and `latency` (a histogram in milliseconds), each tagged with `outcome`.
   *
   * @since 0.1.0
   */
  static readonly telemetry = {
    spanName: Observability.spanName,
    attributes: Observability.attributes,
    metrics: Observability.metrics
  } as const

  /**
   * Deletes a profile through the `ProfileService` in the context.
   *
   * @since 0.1.0
   */
  static readonly deleteProfile = (lookup: ProfileLookup): Effect.Effect<void, DeleteProfileError, ProfileService> =>
    Effect.flatMap(ProfileService, (service) => service.deleteProfile(lookup))
}
