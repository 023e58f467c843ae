/**
 * Progress of an erasure: a bar on a terminal (cli-progress), and a plain
 * line every few seconds otherwise, on standard error either way so that
 * standard output stays the summary.
 *
 * @since 0.1.0
 */
import { BulkErasure } from "@effect-adapty/core"
import { SingleBar } from "cli-progress"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"

/**
 * How many lines ended each way, in core's vocabulary
 * (`BulkErasure.OutcomeKind`), and how many were `skipped`: erased by an
 * earlier run, per the journal.
 *
 * @since 0.1.0
 * @category models
 */
export type Counts = Record<BulkErasure.OutcomeKind | "skipped", number> & {
  /**
   * An export's profiles found and written out (`BulkExport.OutcomeKind`).
   *
   * @since 0.2.0
   */
  found?: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly tick: (counts: Counts) => void
  /** A rate limit pauses every worker this long: say so, rather than stand still in silence. */
  readonly pause: (pause: Duration.Duration) => Effect.Effect<void>
  readonly stop: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const emptyCounts = (): Counts => ({ deleted: 0, not_found: 0, invalid: 0, failed: 0, skipped: 0 })

/**
 * The lines that got an outcome in this run (all but the skipped).
 *
 * @since 0.1.0
 * @category counting
 */
export const done = (counts: Counts): number =>
  BulkErasure.OutcomeKind.literals.reduce((n, kind) => n + counts[kind], counts.found ?? 0)

/**
 * The lines erased: by an outcome that counts as erased (`BulkErasure.isErased`), or skipped.
 *
 * @since 0.1.0
 * @category counting
 */
export const erased = (counts: Counts): number =>
  BulkErasure.OutcomeKind.literals.reduce((n, kind) => BulkErasure.isErased(kind) ? n + counts[kind] : n, counts.skipped)

/**
 * A duration for a person, to the second, rounded up: `1m58s`, `45s`, `2h0m5s`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatWait = (duration: Duration.DurationInput): string => {
  const total = Math.ceil(Duration.toMillis(Duration.decode(duration)) / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  return hours > 0 ? `${hours}h${minutes}m${seconds}s` : minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`
}

const rate = (counts: Counts, seconds: number): number => seconds > 0 ? done(counts) / seconds : 0

/**
 * What a display counts: an erasure's outcomes (`erase`, the default) or an
 * export's (`export`).
 *
 * @since 0.2.0
 * @category models
 */
export type Job = "erase" | "export"

/** The first count of a display, and its label. */
const first = (job: Job) => job === "export" ? { label: "exported", key: "found" } : { label: "deleted", key: "deleted" }

const plainLine = (counts: Counts, total: number | undefined, seconds: number, job: Job): string => {
  const n = done(counts)
  const perSecond = rate(counts, seconds)
  const of = total === undefined ? "" : `/${total}`
  const eta = total === undefined || perSecond === 0 ? "" : `, ETA ${Math.ceil((total - n) / perSecond)}s`
  const main = job === "export" ? counts.found ?? 0 : counts.deleted
  return `progress: ${n}${of} done, ${perSecond.toFixed(0)}/s${eta} (${first(job).label} ${main}, ` +
    `not found ${counts.not_found}, invalid ${counts.invalid}, failed ${counts.failed})`
}

/** The time of a display, from the `Clock`: how long it has run, and a pause's countdown. */
interface Timing {
  readonly seconds: () => number
  /** The countdown line while a pause lasts. */
  readonly paused: () => string | undefined
  /** Extends the pause to at least `pause` from now, and says how long it is. */
  readonly pause: (pause: Duration.Duration) => Effect.Effect<string>
}

const timing = Effect.map(Effect.clock, (clock): Timing => {
  const startedAt = clock.unsafeCurrentTimeMillis()
  let pausedUntil = 0
  const line = (now: number) => `rate limited by Adapty, resuming in ${formatWait(Math.max(0, pausedUntil - now))}`
  return {
    seconds: () => (clock.unsafeCurrentTimeMillis() - startedAt) / 1000,
    paused: () => {
      const now = clock.unsafeCurrentTimeMillis()
      return now < pausedUntil ? line(now) : undefined
    },
    pause: (pause) =>
      Effect.sync(() => {
        const now = clock.unsafeCurrentTimeMillis()
        pausedUntil = Math.max(pausedUntil, now + Duration.toMillis(pause))
        return line(now)
      })
  }
})

/**
 * A progress display for `total` items (unknown for an input read once):
 * a bar when `terminal`, else a line every `intervalMillis` (default 5
 * seconds). Its time is the `Clock`'s, and its timers are fibers in the
 * scope, stopped by `stop` or when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly total: number | undefined
  readonly terminal: boolean
  readonly intervalMillis?: number | undefined
  /** Since 0.2.0: what is counted (default `erase`). */
  readonly job?: Job | undefined
}): Effect.Effect<Progress, never, Scope.Scope> =>
  Effect.flatMap(
    timing,
    (time) =>
      options.terminal
        ? bar(options.total, time, options.job ?? "erase")
        : plain(options.total, options.intervalMillis ?? 5000, time, options.job ?? "erase")
  )

const bar = (total: number | undefined, time: Timing, job: Job): Effect.Effect<Progress, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const { key, label } = first(job)
    const counts = `${label} {${key}} · not found {not_found} · invalid {invalid} · failed {failed}`
    const verb = job === "export" ? "exporting" : "erasing"
    const bar = new SingleBar({
      // Without a total (an input read once), no bar, percentage or ETA: counts only.
      format: total === undefined
        ? `${verb} | {value} done | {speed}/s | ${counts}{note}`
        : `${verb} [{bar}] {percentage}% | {value}/{total} | {speed}/s | ETA {eta_formatted} | ${counts}{note}`,
      stream: process.stderr,
      etaBuffer: 200,
      fps: 10,
      hideCursor: true
    })
    const payload = { speed: "0", ...emptyCounts(), found: 0, note: "" }
    bar.start(total ?? 0, 0, payload)
    const redraw = Effect.sync(() => {
      const paused = time.paused()
      payload.note = paused === undefined ? "" : ` | ${paused}`
      bar.update(payload)
      return paused !== undefined
    })
    let countdown: Fiber.RuntimeFiber<boolean> | undefined
    const stopCountdown = Effect.suspend(() => countdown === undefined ? Effect.void : Fiber.interrupt(countdown))
    return {
      tick: (counts) => {
        Object.assign(payload, counts, { speed: rate(counts, time.seconds()).toFixed(0) })
        bar.update(done(counts), payload)
      },
      pause: (pause) =>
        Effect.gen(function*() {
          yield* time.pause(pause)
          yield* redraw
          // The bar shows the countdown, once a second, until the pause is over.
          countdown ??= yield* Effect.zipRight(Effect.sleep("1 second"), redraw).pipe(
            Effect.repeat({ while: (paused) => paused }),
            Effect.ensuring(Effect.sync(() => (countdown = undefined))),
            Effect.forkIn(scope)
          )
        }),
      stop: Effect.zipRight(stopCountdown, Effect.sync(() => bar.stop()))
    }
  })

const plain = (
  total: number | undefined,
  intervalMillis: number,
  time: Timing,
  job: Job
): Effect.Effect<Progress, never, Scope.Scope> =>
  Effect.gen(function*() {
    let latest = emptyCounts()
    const line = Effect.suspend(() => {
      const paused = time.paused()
      return Console.error(`${plainLine(latest, total, time.seconds(), job)}${paused === undefined ? "" : ` (${paused})`}`)
    })
    const lines = yield* Effect.forkScoped(Effect.forever(Effect.zipRight(Effect.sleep(Duration.millis(intervalMillis)), line)))
    return {
      tick: (counts) => {
        latest = counts
      },
      pause: (pause) => Effect.flatMap(time.pause(pause), (paused) => Console.error(`progress: ${paused}`)),
      stop: Fiber.interrupt(lines)
    }
  })
