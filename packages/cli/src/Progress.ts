/**
 * Progress of an erasure: a bar on a terminal (cli-progress), and a plain
 * line every few seconds otherwise, on standard error either way so that
 * standard output stays the summary.
 *
 * @since 0.1.0
 */
import { BulkErasure } from "@effect-adapty/core"
import { SingleBar } from "cli-progress"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/**
 * How many lines ended each way, in core's vocabulary
 * (`BulkErasure.OutcomeKind`), and how many were `skipped`: erased by an
 * earlier run, per the journal.
 *
 * @since 0.1.0
 * @category models
 */
export type Counts = Record<BulkErasure.OutcomeKind | "skipped", number>

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
  BulkErasure.OutcomeKind.literals.reduce((n, kind) => n + counts[kind], 0)

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

const pauseLine = (until: number): string =>
  `rate limited by Adapty, resuming in ${formatWait(Duration.millis(Math.max(0, until - Date.now())))}`

const plainLine = (counts: Counts, total: number | undefined, startedAt: number): string => {
  const n = done(counts)
  const seconds = (Date.now() - startedAt) / 1000
  const rate = seconds > 0 ? n / seconds : 0
  const of = total === undefined ? "" : `/${total}`
  const eta = total === undefined || rate === 0 ? "" : `, ETA ${Math.ceil((total - n) / rate)}s`
  return `progress: ${n}${of} done, ${rate.toFixed(0)}/s${eta} (deleted ${counts.deleted}, ` +
    `not found ${counts.not_found}, invalid ${counts.invalid}, failed ${counts.failed})`
}

/**
 * A progress display for `total` items (unknown for an input read once).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly total: number | undefined
  readonly terminal: boolean
  readonly intervalMillis?: number | undefined
}): Effect.Effect<Progress> =>
  Effect.sync(() => {
    const startedAt = Date.now()
    if (options.terminal) {
      const counts = "deleted {deleted} · not found {not_found} · invalid {invalid} · failed {failed}"
      const bar = new SingleBar({
        // Without a total (an input read once), no bar, percentage or ETA: counts only.
        format: options.total === undefined
          ? `erasing | {value} done | {speed}/s | ${counts}{note}`
          : `erasing [{bar}] {percentage}% | {value}/{total} | {speed}/s | ETA {eta_formatted} | ${counts}{note}`,
        stream: process.stderr,
        etaBuffer: 200,
        fps: 10,
        hideCursor: true
      })
      const payload = { speed: "0", ...emptyCounts(), note: "" }
      bar.start(options.total ?? 0, 0, payload)
      let pausedUntil = 0
      let countdown: ReturnType<typeof setInterval> | undefined
      const redraw = () => {
        payload.note = Date.now() < pausedUntil ? ` | ${pauseLine(pausedUntil)}` : ""
        bar.update(payload)
        if (payload.note === "" && countdown !== undefined) {
          clearInterval(countdown)
          countdown = undefined
        }
      }
      return {
        tick: (counts) => {
          const n = done(counts)
          const seconds = (Date.now() - startedAt) / 1000
          Object.assign(payload, counts, { speed: seconds > 0 ? (n / seconds).toFixed(0) : "0" })
          bar.update(n, payload)
        },
        pause: (pause) =>
          Effect.sync(() => {
            pausedUntil = Math.max(pausedUntil, Date.now() + Duration.toMillis(pause))
            // The bar shows the countdown, once a second, until the pause is over.
            countdown ??= setInterval(redraw, 1000)
            countdown.unref()
            redraw()
          }),
        stop: Effect.sync(() => {
          if (countdown !== undefined) clearInterval(countdown)
          bar.stop()
        })
      }
    }
    let latest = emptyCounts()
    let pausedUntil = 0
    const interval = setInterval(() => {
      const paused = Date.now() < pausedUntil ? ` (${pauseLine(pausedUntil)})` : ""
      process.stderr.write(`${plainLine(latest, options.total, startedAt)}${paused}\n`)
    }, options.intervalMillis ?? 5000)
    interval.unref()
    return {
      tick: (counts) => {
        latest = counts
      },
      pause: (pause) =>
        Effect.sync(() => {
          pausedUntil = Math.max(pausedUntil, Date.now() + Duration.toMillis(pause))
          process.stderr.write(`progress: ${pauseLine(pausedUntil)}\n`)
        }),
      stop: Effect.sync(() => clearInterval(interval))
    }
  })
