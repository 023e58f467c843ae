/**
 * Erasing many profiles: Adapty has no bulk delete, so a backlog is one
 * request per profile, concurrently, inside the app's rate limit, with an
 * outcome for every single input.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  type DeleteProfileError,
  type InvalidProfileLookup,
  isConfirmedNotFound,
  ProfileNotFound,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "./AdaptyError.js"
import * as OrderedPool from "./internal/orderedPool.js"
import * as Outcomes from "./internal/outcome.js"
import * as RateLimiter from "./internal/rateLimiter.js"
import { check, type ProfileLookup, toError } from "./ProfileLookup.js"
import { ProfileService } from "./ProfileService.js"

/**
 * The four outcomes an item can end with: the vocabulary that BulkErasure,
 * a journal, a progress display and a report share.
 *
 * @since 0.1.0
 * @category models
 */
export const OutcomeKind = Schema.Literal("deleted", "not_found", "invalid", "failed")

/**
 * @since 0.1.0
 * @category models
 */
export type OutcomeKind = Schema.Schema.Type<typeof OutcomeKind>

/**
 * Whether an outcome counts as erased: deleted now, or confirmed absent.
 *
 * @since 0.1.0
 * @category models
 */
export const isErased = (kind: OutcomeKind): boolean => kind === "deleted" || kind === "not_found"

/**
 * What became of one input. `not_found` means Adapty answered that the
 * profile does not exist (see `isConfirmedNotFound`), which counts as
 * erased; a 404 without Adapty's answer is `failed`.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome<A> =
  | { readonly outcome: "deleted"; readonly index: number; readonly item: A }
  | { readonly outcome: "not_found"; readonly index: number; readonly item: A }
  | { readonly outcome: "invalid"; readonly index: number; readonly item: A; readonly error: InvalidProfileLookup }
  | {
    readonly outcome: "failed"
    readonly index: number
    readonly item: A
    readonly error: Exclude<DeleteProfileError, InvalidProfileLookup>
  }

/**
 * @since 0.1.0
 * @category models
 */
export interface Options<A> {
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number | undefined
  /**
   * Requests per minute, across all workers. Adapty's documented limits
   * disagree (300, 600 or 40,000 per minute per app), so there is no default:
   * unset means no limit beyond `concurrency`.
   */
  readonly ratePerMinute?: number | undefined
  /**
   * When a call is rate limited (after the service's own retries), or a 503
   * says when to come back (`ServerError` with `retryAfter`), every worker
   * pauses for its `retryAfter`, or this long for a 429 without one
   * (default 1 second), the rate halves and then recovers gradually, and the
   * item is sent again, up to `rateLimitRetries` times (default 5) before it
   * ends `failed`.
   */
  readonly rateLimitPause?: Duration.DurationInput | undefined
  readonly rateLimitRetries?: number | undefined
  /**
   * The longest pause a rate limit may impose on the whole run (default 10
   * minutes). A `retryAfter` longer than this stops the run with
   * {@link ErasureStopped} (`RateLimitPause`) rather than waiting in silence.
   */
  readonly maxRateLimitPause?: Duration.DurationInput | undefined
  /**
   * Called when a rate limit pauses every worker, with how long the pause
   * lasts: the place to tell a person why nothing moves.
   */
  readonly onPause?: ((pause: Duration.Duration) => Effect.Effect<void>) | undefined
  /**
   * How many `failed` outcomes in a row (none `deleted` or `not_found` in
   * between) stop the run with {@link ErasureStopped}
   * (`ConsecutiveFailures`): a failure that repeats on every item, such as a
   * base URL that is not Adapty's API, is not worth a request per item.
   * Those failures are emitted: each is an item's own final outcome.
   * Default 10; `Infinity` never stops.
   */
  readonly maxConsecutiveFailures?: number | undefined
  /**
   * Runs inside the worker as soon as an item's outcome is final, before the
   * worker takes the next item: the place to journal it, so that after a
   * crash at most `concurrency` items were sent but not recorded.
   */
  readonly onOutcome?: ((outcome: Outcome<A>) => Effect.Effect<void>) | undefined
}

/**
 * The error of a call that is not about one item: a refused key stops a run,
 * as does a rate limit's pause past the limit, or a failure repeated item
 * after item.
 *
 * @since 0.1.0
 * @category errors
 */
export const StopReason = Schema.Literal("Unauthorized", "RateLimitPause", "ConsecutiveFailures")

/**
 * @since 0.1.0
 * @category errors
 */
export type StopReason = Schema.Schema.Type<typeof StopReason>

/**
 * The run stopped before its end. Nothing was sent after the stop; every
 * item that has no emitted outcome is still pending and can be erased by a
 * later run. `error` is the call's error that stopped it (for
 * `ConsecutiveFailures`, the last of the failures).
 *
 * @since 0.1.0
 * @category errors
 */
export class ErasureStopped extends Schema.TaggedError<ErasureStopped>("@effect-adapty/core/BulkErasure/ErasureStopped")(
  "ErasureStopped",
  {
    reason: StopReason,
    error: Schema.Union(Unauthorized, ProfileNotFound, RateLimited, ServerError, UnexpectedResponse, TransportError),
    failures: Schema.optional(Schema.Int),
    maxPause: Schema.optional(Schema.DurationFromSelf)
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    switch (this.reason) {
      case "Unauthorized":
        return "Erasure stopped: Adapty refused the API key (HTTP 401); nothing more was sent"
      case "RateLimitPause": {
        const retryAfter = "retryAfter" in this.error ? this.error.retryAfter : undefined
        return `Erasure stopped: Adapty asked to wait ${retryAfter === undefined ? "longer" : Duration.format(retryAfter)}` +
          (this.maxPause === undefined ? "" : `, more than the longest pause allowed (${Duration.format(this.maxPause)})`) +
          "; nothing more was sent"
      }
      case "ConsecutiveFailures": {
        const hint = this.error._tag === "UnexpectedResponse" || this.error._tag === "ProfileNotFound"
          ? " (the server does not answer as Adapty's API does: check the base URL)"
          : ""
        return `Erasure stopped: ${this.failures ?? "several"} calls in a row failed${hint}; the last: ${this.error.message}`
      }
    }
  }
}

// Effect's timers never fire past 2^31 - 1 ms: a longer sleep would hang.
const maxTimerMillis = 2 ** 31 - 1

// A count option: NaN is the default, the rest is floored into [min, max].
const whole = (n: number | undefined, fallback: number, min: number, max: number): number =>
  n === undefined || Number.isNaN(n) ? fallback : Math.min(max, Math.max(min, Math.floor(n)))

const clampPause = (input: Duration.DurationInput): Duration.Duration =>
  Duration.millis(Math.min(maxTimerMillis, Math.max(0, Duration.toMillis(Duration.decode(input)))))

// Sent in place of a call once the run has stopped: never a service's error.
const halted = Symbol.for("@effect-adapty/core/BulkErasure/halted")

/**
 * Deletes the profile of every item, one request each, and emits one
 * outcome per item, in input order. `concurrency` workers each take the
 * next item as soon as they are free; an item that is slow (a retry waiting
 * out its backoff) holds up the output, not the workers, until they are
 * 16,384 items (or `concurrency × 64`, if more) past it. Memory stays
 * constant whatever the length of the input: one chunk of the input and that
 * window.
 *
 * The run stops, failing the stream with {@link ErasureStopped} once the
 * calls in flight have ended, when Adapty refuses the key, when a rate limit
 * asks for a pause longer than `maxRateLimitPause`, and after
 * `maxConsecutiveFailures` failures in a row. No call starts after the stop
 * (a worker waiting out a pause or a rate slot stops waiting); a call in
 * flight finishes, its own retries included, and its outcome is emitted,
 * unless it ended in a refused key or a pause past the limit: that item
 * stays pending, like the items never sent.
 *
 * `lookupOf` is called when the item is about to be sent. For a large input,
 * let it build the lookup, rather than mapping the stream to lookups first: a
 * stream builds a whole chunk (4,096 by default) at once, and those objects
 * live until the last of their chunk is sent, long enough for V8 to start
 * allocating every lookup straight into its old generation (see bench/).
 *
 * @since 0.1.0
 * @category constructors
 */
export const eraseAllBy = <A, E, R>(
  items: Stream.Stream<A, E, R>,
  lookupOf: (item: A) => ProfileLookup,
  options: Options<A> = {}
): Stream.Stream<Outcome<A>, E | ErasureStopped, R | ProfileService> => {
  const concurrency = whole(options.concurrency, 8, 1, 4096)
  const rateLimitRetries = whole(options.rateLimitRetries, 5, 0, 1000)
  const maxConsecutiveFailures = whole(options.maxConsecutiveFailures, 10, 1, Infinity)
  const defaultPause = clampPause(options.rateLimitPause ?? Duration.seconds(1))
  const maxPause = clampPause(options.maxRateLimitPause ?? Duration.minutes(10))
  const { onOutcome, onPause } = options
  return Stream.unwrap(
    Effect.gen(function*() {
      const service = yield* ProfileService
      // Plain state, read and written within synchronous steps of the workers.
      let stopped: ErasureStopped | undefined
      let failuresInARow = 0
      // Wakes the workers that wait out a pause or a rate slot, once stopped.
      const halt = yield* Deferred.make<void>()
      const limiter = RateLimiter.make({
        ratePerMinute: options.ratePerMinute,
        halted: Deferred.await(halt),
        isHalted: () => stopped !== undefined
      })

      const stopWith = (error: ErasureStopped): void => {
        if (stopped !== undefined) return
        stopped = error
        Deferred.unsafeDone(halt, Exit.void)
      }
      const stop = (fields: ConstructorParameters<typeof ErasureStopped>[0]): Effect.Effect<undefined> => {
        stopWith(new ErasureStopped(fields))
        return Effect.succeed(undefined)
      }
      const failed = (index: number, item: A, error: Exclude<DeleteProfileError, InvalidProfileLookup>) => {
        failuresInARow++
        const outcome = Outcomes.failed(index, item, error)
        if (failuresInARow >= maxConsecutiveFailures) {
          stopWith(new ErasureStopped({ reason: "ConsecutiveFailures", error, failures: failuresInARow }))
        }
        return Effect.succeed(outcome)
      }
      // Every worker pauses, announced once, before the item is sent again.
      const pauseThenResend = (
        pause: Duration.Duration,
        resend: Effect.Effect<Outcome<A> | undefined>
      ): Effect.Effect<Outcome<A> | undefined> =>
        Effect.flatMap(limiter.penalize(pause), (began) =>
          Effect.zipRight(began === undefined || onPause === undefined ? Effect.void : onPause(began), resend))
      const erased = (outcome: Outcome<A>) => {
        failuresInARow = 0
        limiter.recover()
        return Effect.succeed(outcome)
      }
      // Checked when the call's rate slot comes, right before sending.
      const call = (lookup: ProfileLookup): Effect.Effect<void, DeleteProfileError | typeof halted> =>
        Effect.suspend((): Effect.Effect<void, DeleteProfileError | typeof halted> =>
          stopped === undefined ? service.deleteProfile(lookup) : Effect.fail(halted)
        )

      // An outcome, or `undefined` for an item that stays pending.
      const send = (
        lookup: ProfileLookup,
        index: number,
        item: A,
        retries: number
      ): Effect.Effect<Outcome<A> | undefined> => {
        const settle = (error: DeleteProfileError | typeof halted): Effect.Effect<Outcome<A> | undefined> => {
          if (error === halted) return Effect.succeed(undefined)
          switch (error._tag) {
            case "ProfileNotFound":
              return isConfirmedNotFound(error) ? erased(Outcomes.notFound(index, item)) : failed(index, item, error)
            case "InvalidProfileLookup":
              return Effect.succeed(Outcomes.invalid(index, item, error))
            case "Unauthorized":
              return stop({ reason: "Unauthorized", error })
            // A 429, or a 503 that says when to come back: a pause for the
            // whole run, or its end when the wait is longer than allowed.
            case "RateLimited":
            case "ServerError": {
              const pause = error.retryAfter ?? (error._tag === "RateLimited" ? defaultPause : undefined)
              if (pause === undefined) return failed(index, item, error)
              if (Duration.greaterThan(pause, maxPause)) return stop({ reason: "RateLimitPause", error, maxPause })
              if (retries >= rateLimitRetries) return failed(index, item, error)
              return pauseThenResend(pause, send(lookup, index, item, retries + 1))
            }
            default:
              return failed(index, item, error)
          }
        }
        return Effect.matchCauseEffect(limiter.limit(call(lookup)), {
          onSuccess: () => erased(Outcomes.deleted(index, item)),
          // Most of an erasure ends in a failure (not_found): a cause that is
          // one failure is handled directly, without `matchEffect`'s search
          // of the cause for defects. Any other cause goes through `catchAll`
          // (that search): a defect stays a defect, an interruption an
          // interruption.
          onFailure: (cause) =>
            Cause.isFailType(cause) ? settle(cause.error) : Effect.catchAll(Effect.failCause(cause), settle)
        })
      }

      const process = (item: A, position: number): Effect.Effect<Outcome<A> | undefined> => {
        // An invalid lookup takes no rate slot: nothing would be sent.
        const checked = check(lookupOf(item))
        const outcome: Effect.Effect<Outcome<A> | undefined> = Either.isLeft(checked)
          ? Effect.succeed(Outcomes.invalid(position, item, toError(checked.left)))
          : send(checked.right, position, item, 0)
        return onOutcome === undefined
          ? outcome
          : Effect.tap(outcome, (settled) => settled === undefined ? Effect.void : onOutcome(settled))
      }

      // Wide enough that a retry's backoff (up to 8 s by default) does not
      // stall the workers at loopback speed; a slot is a few hundred bytes.
      return OrderedPool.mapOrdered(items, process, {
        concurrency,
        window: Math.max(concurrency * 64, 16_384),
        halted: () => stopped !== undefined
      }).pipe(
        Stream.filter((outcome): outcome is Outcome<A> => outcome !== undefined),
        Stream.concat(Stream.suspend(() => stopped === undefined ? Stream.empty : Stream.fail(stopped)))
      )
    })
  )
}

/**
 * {@link eraseAllBy} for a stream of lookups.
 *
 * @example
 * ```ts
 * import { BulkErasure, ProfileService } from "@effect-adapty/core"
 * import { Effect, Stream } from "effect"
 *
 * const erased = BulkErasure.eraseAll(
 *   Stream.make({ customerUserId: "user-1" }, { profileId: "p-2" }),
 *   { concurrency: 16, ratePerMinute: 300 }
 * ).pipe(Stream.runCount)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const eraseAll = <E, R>(
  lookups: Stream.Stream<ProfileLookup, E, R>,
  options: Options<ProfileLookup> = {}
): Stream.Stream<Outcome<ProfileLookup>, E | ErasureStopped, R | ProfileService> => eraseAllBy(lookups, (lookup) => lookup, options)
