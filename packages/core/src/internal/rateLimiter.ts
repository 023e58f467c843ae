/**
 * One limiter shared by every worker of a bulk erasure: it spaces requests
 * to a rate, and when any call is rate limited it pauses all of them and
 * halves the rate, which then recovers step by step.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** @internal */
export interface RateLimiter {
  /** Runs `call` in the next free slot, respecting any pause. */
  readonly limit: <A, E>(call: Effect.Effect<A, E>) => Effect.Effect<A, E>
  /**
   * A call was rate limited: everyone waits `pause`, and the rate drops.
   * Succeeds with how long the pause now lasts when this began or lengthened
   * it, so that it is announced once, not by every worker that met it.
   */
  readonly penalize: (pause: Duration.Duration) => Effect.Effect<Duration.Duration | undefined>
  /**
   * A call went through: the rate creeps back towards the configured one.
   * A plain function, called from the worker's own handler.
   */
  readonly recover: () => void
}

/** @internal */
export const make = (options: {
  readonly ratePerMinute: number | undefined
  /** Completes when the run stops: a worker waiting for its slot stops waiting. */
  readonly halted: Effect.Effect<void>
  readonly isHalted: () => boolean
}): RateLimiter => {
  const base = options.ratePerMinute === undefined || !(options.ratePerMinute > 0) ? 0 : 60_000 / options.ratePerMinute
  const slowest = base * 16
  // Plain state: every read-modify-write below runs inside one synchronous
  // step, so workers cannot interleave within it.
  let next = 0
  let pausedUntil = 0
  let interval = base

  const acquire: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const slot = Math.max(now, next, pausedUntil)
    next = slot + interval
    if (slot <= now) return Effect.void
    return Effect.zipRight(
      Effect.raceFirst(Effect.sleep(Duration.millis(slot - now)), options.halted),
      // A pause may have begun while this worker slept for its slot.
      Effect.suspend(() => !options.isHalted() && pausedUntil > slot ? acquire : Effect.void)
    )
  })

  return {
    // Without a rate and before any 429 there is nothing to wait for: the
    // common case costs nothing per request.
    limit: (call) => Effect.suspend(() => base === 0 && pausedUntil === 0 ? call : Effect.zipRight(acquire, call)),
    penalize: (pause) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        interval = Math.min(slowest, interval * 2)
        const until = now + Duration.toMillis(pause)
        if (until <= pausedUntil) return undefined
        // Workers that meet the same 429 moments apart lengthen the pause by
        // as much: announced again only when it grows by a second or more.
        const announce = pausedUntil <= now || until - pausedUntil >= 1000
        pausedUntil = until
        next = Math.max(next, pausedUntil)
        return announce ? pause : undefined
      }),
    recover: () => {
      if (interval > base) interval = Math.max(base, interval * 0.95)
    }
  }
}
