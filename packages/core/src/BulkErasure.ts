/**
 * Erasing many profiles: Adapty has no bulk delete, so a backlog is one
 * request per profile, concurrently, inside the app's rate limit, with an
 * outcome for every single input.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import {
  type DeleteProfileError,
  type InvalidProfileLookup,
  ProfileNotFound,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "./AdaptyError.js"
import * as Runner from "./internal/bulkRunner.js"
import * as Outcomes from "./internal/outcome.js"
import type { ProfileLookup } from "./ProfileLookup.js"
import type { ProfileService } from "./ProfileService.js"

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
    return Runner.stopMessage("Erasure", this)
  }
}

// The erasure's call and outcomes: built once a run, nothing per item.
const erasure = <A>(): Runner.Spec<A, void, Outcome<A>, ErasureStopped> => ({
  call: (service, lookup) => service.deleteProfile(lookup),
  succeeded: (index, item) => Outcomes.deleted(index, item),
  notFound: Outcomes.notFound,
  invalid: Outcomes.invalid,
  failed: Outcomes.failed,
  stopped: (fields) => new ErasureStopped(fields)
})

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
): Stream.Stream<Outcome<A>, E | ErasureStopped, R | ProfileService> =>
  Runner.run(items, lookupOf, options, erasure<A>())

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
