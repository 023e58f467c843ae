/**
 * The service users program against: delete an Adapty profile, with a typed
 * error for every other outcome.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Cause from "effect/Cause"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Tracer from "effect/Tracer"
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

type Result = Receipt | void

// Spans are paid per call; under Effect's built-in tracer nobody can read
// them, so they are only made when a tracer has been installed.
const builtInTracer = Effect.runSync(Effect.tracer)

const outcomeOfCause = (cause: Cause.Cause<DeleteProfileError>): Observability.Outcome | undefined =>
  Cause.isFailType(cause) ? Observability.outcomeOf(cause.error) : undefined

const outcomeOf = (exit: Exit.Exit<Result, DeleteProfileError>): Observability.Outcome | undefined =>
  Exit.isSuccess(exit) ? "deleted" : outcomeOfCause(exit.cause)

// The outcome of one call in the metrics. An interruption or a defect is
// neither: the span records it, the metrics do not.
const count = (outcome: Observability.Outcome | undefined, millis: number): void => {
  if (outcome !== undefined) Observability.count(outcome, millis)
}

// Every attribute of a call's span is written here, from its exit: the
// receipt of a success, or the error of a failure.
const annotate = (span: Tracer.Span, exit: Exit.Exit<Result, DeleteProfileError>, outcome: Observability.Outcome | undefined) => {
  if (outcome !== undefined) span.attribute(Observability.attributes.outcome, outcome)
  let fields: { readonly status?: number; readonly attempts?: number | undefined; readonly requestId?: string | undefined }
  if (Exit.isSuccess(exit)) {
    if (exit.value === undefined) return
    fields = exit.value
  } else {
    if (!Cause.isFailType(exit.cause)) return
    const error = exit.cause.error
    span.attribute(Observability.attributes.errorTag, error._tag)
    if (error._tag === "InvalidProfileLookup") return
    fields = error
  }
  if (fields.status !== undefined) span.attribute(Observability.attributes.status, fields.status)
  if (fields.attempts !== undefined) span.attribute(Observability.attributes.attempts, fields.attempts)
  if (fields.requestId !== undefined) span.attribute(Observability.attributes.requestId, fields.requestId)
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
      const body: Effect.Effect<Result, DeleteProfileError> = Either.isLeft(checked)
        ? Effect.fail(toError(checked.left))
        : backend.deleteProfile(checked.right)
      // One look at the fiber for both services: `clockWith` and
      // `tracerWith` each cost a runtime call and its allocations, on every
      // call of every implementation.
      return Effect.withFiberRuntime((fiber) => {
        const services = fiber.currentDefaultServices
        const clock = Context.get(services, Clock.Clock)
        const start = clock.unsafeCurrentTimeMillis()
        return (
          Context.get(services, Tracer.Tracer) === builtInTracer
            // Not `onExit`: an interruption is not counted, so nothing has to
            // run uninterruptibly, and these handlers cost a third as much.
            ? Effect.matchCauseEffect(body, {
              onSuccess: () => {
                count("deleted", clock.unsafeCurrentTimeMillis() - start)
                return Effect.void
              },
              onFailure: (cause) => {
                count(outcomeOfCause(cause), clock.unsafeCurrentTimeMillis() - start)
                return Effect.failCause(cause)
              }
            })
            : Effect.useSpan(
              Observability.spanName,
              {
                kind: "client",
                // A stack trace per call costs more than the call itself on
                // the in-memory layer, and tells nothing the outcome does not.
                captureStackTrace: false,
                attributes: {
                  [Observability.attributes.lookupKind]: Either.isLeft(checked) ? "invalid" : keyOf(checked.right)
                }
              },
              (span) =>
                body.pipe(
                  Effect.withParentSpan(span),
                  Effect.onExit((exit) =>
                    Effect.sync(() => {
                      const outcome = outcomeOf(exit)
                      annotate(span, exit, outcome)
                      count(outcome, clock.unsafeCurrentTimeMillis() - start)
                    })
                  ),
                  Effect.asVoid
                )
            )
        )
      })
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
