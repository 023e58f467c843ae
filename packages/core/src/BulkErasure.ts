/**
 * Erasing many profiles: Adapty has no bulk delete, so a backlog is one
 * request per profile, concurrently, inside the app's rate limit, with an
 * outcome for every single input.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import type { DeleteProfileError, InvalidProfileLookup } from "./AdaptyError.js"
import * as OrderedPool from "./internal/orderedPool.js"
import * as Outcomes from "./internal/outcome.js"
import * as RateLimiter from "./internal/rateLimiter.js"
import { check, type ProfileLookup, toError } from "./ProfileLookup.js"
import { ProfileService } from "./ProfileService.js"

/**
 * What became of one input. `not_found` means the profile was already
 * absent, which counts as erased.
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
   * When a call is rate limited (after the service's own retries), every
   * worker pauses for its `retryAfter`, or this long when there is none
   * (default 1 second), the rate halves and then recovers gradually, and the
   * item is sent again, up to `rateLimitRetries` times (default 5) before it
   * ends `failed`.
   */
  readonly rateLimitPause?: Duration.DurationInput | undefined
  readonly rateLimitRetries?: number | undefined
  /**
   * Runs inside the worker as soon as an item's outcome is final, before the
   * worker takes the next item: the place to journal it, so that after a
   * crash at most `concurrency` items were sent but not recorded.
   */
  readonly onOutcome?: ((outcome: Outcome<A>) => Effect.Effect<void>) | undefined
}

/**
 * Deletes the profile of every item, one request each, and emits one
 * outcome per item, in input order. `concurrency` workers each take the
 * next item as soon as they are free; an item that is slow (a retry waiting
 * out its backoff) holds up the output, not the workers, until they are
 * 16,384 items (or `concurrency × 64`, if more) past it. Memory stays
 * constant whatever the length of the input: one chunk of the input and that
 * window.
 *
 * `lookupOf` is called when the item is about to be sent. For a large input,
 * let it build the lookup, rather than mapping the stream to lookups first: a
 * stream builds a whole chunk (4,096 by default) at once, and those objects
 * live until the last of their chunk is sent, long enough for V8 to start
 * allocating every lookup straight into its old generation (measured, a
 * million in memory: a peak RSS of about 200 MB against 140).
 *
 * @since 0.1.0
 * @category constructors
 */
export const eraseAllBy = <A, E, R>(
  items: Stream.Stream<A, E, R>,
  lookupOf: (item: A) => ProfileLookup,
  options: Options<A> = {}
): Stream.Stream<Outcome<A>, E, R | ProfileService> => {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8))
  const rateLimitRetries = Math.max(0, options.rateLimitRetries ?? 5)
  const onOutcome = options.onOutcome
  return Stream.unwrap(
    Effect.gen(function*() {
      const service = yield* ProfileService
      const limiter = RateLimiter.make({
        ratePerMinute: options.ratePerMinute,
        pause: Duration.decode(options.rateLimitPause ?? Duration.seconds(1))
      })

      const send = (lookup: ProfileLookup, index: number, item: A, retries: number): Effect.Effect<Outcome<A>> => {
        const settle = (error: DeleteProfileError): Effect.Effect<Outcome<A>> => {
          switch (error._tag) {
            case "ProfileNotFound":
              limiter.recover()
              return Effect.succeed(Outcomes.notFound(index, item))
            case "InvalidProfileLookup":
              return Effect.succeed(Outcomes.invalid(index, item, error))
            case "RateLimited":
              return Effect.zipRight(
                limiter.penalize(error.retryAfter),
                retries < rateLimitRetries
                  ? send(lookup, index, item, retries + 1)
                  : Effect.succeed(Outcomes.failed(index, item, error))
              )
            default:
              return Effect.succeed(Outcomes.failed(index, item, error))
          }
        }
        return Effect.matchCauseEffect(limiter.limit(service.deleteProfile(lookup)), {
          onSuccess: () => {
            limiter.recover()
            return Effect.succeed(Outcomes.deleted(index, item))
          },
          // Most of an erasure ends in a failure (not_found): a cause that is
          // one failure is handled directly, without `matchEffect`'s search
          // of the cause for defects. Any other cause goes through `catchAll`
          // (that search): a defect stays a defect, an interruption an
          // interruption.
          onFailure: (cause) =>
            Cause.isFailType(cause) ? settle(cause.error) : Effect.catchAll(Effect.failCause(cause), settle)
        })
      }

      const process = (item: A, position: number): Effect.Effect<Outcome<A>> => {
        // An invalid lookup takes no rate slot: nothing would be sent.
        const checked = check(lookupOf(item))
        const outcome: Effect.Effect<Outcome<A>> = Either.isLeft(checked)
          ? Effect.succeed(Outcomes.invalid(position, item, toError(checked.left)))
          : send(checked.right, position, item, 0)
        return onOutcome === undefined ? outcome : Effect.tap(outcome, onOutcome)
      }

      // Wide enough that a retry's backoff (up to 8 s by default) does not
      // stall the workers at loopback speed; a slot is a few hundred bytes.
      return OrderedPool.mapOrdered(items, process, { concurrency, window: Math.max(concurrency * 64, 16_384) })
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
): Stream.Stream<Outcome<ProfileLookup>, E, R | ProfileService> => eraseAllBy(lookups, (lookup) => lookup, options)
