/**
 * Progress of an erasure: a bar on a terminal (cli-progress), and a plain
 * line every few seconds otherwise, on standard error either way so that
 * standard output stays the summary.
 *
 * @since 0.1.0
 */
import { SingleBar } from "cli-progress"
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface Counts {
  deleted: number
  notFound: number
  invalid: number
  failed: number
  skipped: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly tick: (counts: Counts) => void
  readonly stop: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const emptyCounts = (): Counts => ({ deleted: 0, notFound: 0, invalid: 0, failed: 0, skipped: 0 })

const done = (c: Counts) => c.deleted + c.notFound + c.invalid + c.failed

const plainLine = (counts: Counts, total: number | undefined, startedAt: number): string => {
  const n = done(counts)
  const seconds = (Date.now() - startedAt) / 1000
  const rate = seconds > 0 ? n / seconds : 0
  const of = total === undefined ? "" : `/${total}`
  const eta = total === undefined || rate === 0 ? "" : `, ETA ${Math.ceil((total - n) / rate)}s`
  return `progress: ${n}${of} done, ${rate.toFixed(0)}/s${eta} (deleted ${counts.deleted}, not found ${counts.notFound}, ` +
    `invalid ${counts.invalid}, failed ${counts.failed})`
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
      const counts = "deleted {deleted} · not found {notFound} · invalid {invalid} · failed {failed}"
      const bar = new SingleBar({
        // Without a total (an input read once), no bar, percentage or ETA: counts only.
        format: options.total === undefined
          ? `erasing | {value} done | {speed}/s | ${counts}`
          : `erasing [{bar}] {percentage}% | {value}/{total} | {speed}/s | ETA {eta_formatted} | ${counts}`,
        stream: process.stderr,
        etaBuffer: 200,
        fps: 10,
        hideCursor: true
      })
      bar.start(options.total ?? 0, 0, { speed: "0", deleted: 0, notFound: 0, invalid: 0, failed: 0 })
      return {
        tick: (counts) => {
          const n = done(counts)
          const seconds = (Date.now() - startedAt) / 1000
          bar.update(n, { ...counts, speed: seconds > 0 ? (n / seconds).toFixed(0) : "0" })
        },
        stop: Effect.sync(() => bar.stop())
      }
    }
    let latest = emptyCounts()
    const interval = setInterval(() => {
      process.stderr.write(`${plainLine(latest, options.total, startedAt)}\n`)
    }, options.intervalMillis ?? 5000)
    interval.unref()
    return {
      tick: (counts) => {
        latest = counts
      },
      stop: Effect.sync(() => clearInterval(interval))
    }
  })
