/**
 * `effect-adapty erase`: erase every identifier of a file, concurrently,
 * within a rate, with a journal to resume from and a report of every line
 * that did not end erased.
 *
 * @since 0.1.0
 */
import { BulkErasure, type ProfileLookup, ProfileLookupRules, type ProfileService } from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Input from "./Input.js"
import * as Journal from "./Journal.js"
import * as Progress from "./Progress.js"

/**
 * @since 0.1.0
 * @category models
 */
export type By = "customer-user-id" | "profile-id"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly file: string
  readonly by: By
  readonly column: string | undefined
  readonly concurrency: number
  readonly ratePerMinute: number | undefined
  /** `undefined`: `FILE.journal`, or none for standard input. */
  readonly journal: string | undefined
  readonly report: string | undefined
  readonly terminal: boolean
  readonly progressIntervalMillis?: number | undefined
}

/**
 * A line that did not end `deleted` or `not_found`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Problem {
  readonly line: number
  readonly outcome: "invalid" | "failed"
  readonly reason: string
  readonly error: string
  readonly status?: number
  readonly requestId?: string
}

/**
 * What the report file holds. No identifier: line numbers point back to the
 * input.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly file: string
  readonly by: By
  readonly dryRun: boolean
  readonly totals: Progress.Counts
  readonly problems: ReadonlyArray<Problem>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly report: Report
  /** 0 when every line ended deleted or not_found, 1 otherwise. */
  readonly exitCode: number
  readonly journalMismatches: number
}

/**
 * The journal's path: `--journal`, else `FILE.journal`, and none for
 * standard input unless given.
 *
 * @since 0.1.0
 * @category options
 */
export const journalPath = (options: Pick<Options, "file" | "journal">): string | undefined =>
  options.journal ?? (Input.isStdin(options.file) ? undefined : `${options.file}.journal`)

/**
 * @since 0.1.0
 * @category options
 */
export const lookupOf = (by: By, value: string): ProfileLookup =>
  by === "customer-user-id" ? { customerUserId: value } : { profileId: value }

const writeReport = (path: string | undefined, report: Report) =>
  path === undefined
    ? Effect.void
    : Effect.try({
      try: () => Fs.writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`),
      catch: (cause) => new Input.InputError(`cannot write the report ${path}: ${String(cause)}`)
    })

/**
 * Reads the whole input once: how many identifiers there are to erase,
 * which lines are invalid, and how many the journal says are done.
 *
 * @since 0.1.0
 * @category running
 */
export const scan = (options: Pick<Options, "file" | "by" | "column" | "journal">) =>
  Effect.gen(function*() {
    const path = journalPath(options)
    const erased = path === undefined ? new Journal.ErasedLines() : yield* Journal.load(path)
    const counts = { toErase: 0, invalid: 0, skipped: 0 }
    const problems: Array<Problem> = []
    yield* Input.read(options.file, options.column).pipe(
      Stream.runForEach((item) =>
        Effect.sync(() => {
          const checked = ProfileLookupRules.check(lookupOf(options.by, item.value))
          if (Either.isLeft(checked)) {
            counts.invalid++
            const error = ProfileLookupRules.toError(checked.left)
            problems.push({ line: item.line, outcome: "invalid", reason: error.reason, error: error._tag })
          } else if (erased.has(item.line, Journal.fingerprint(options.by, item.value))) {
            counts.skipped++
          } else {
            counts.toErase++
          }
        })
      )
    )
    return { ...counts, problems }
  })

/**
 * `--dry-run`: validates the whole input and reports what a run would do,
 * sending nothing.
 *
 * @since 0.1.0
 * @category running
 */
export const dryRun = (options: Options) =>
  Effect.gen(function*() {
    const scanned = yield* scan(options)
    const report: Report = {
      file: options.file,
      by: options.by,
      dryRun: true,
      totals: { ...Progress.emptyCounts(), invalid: scanned.invalid, skipped: scanned.skipped },
      problems: scanned.problems
    }
    yield* writeReport(options.report, report)
    return { ...scanned, report, exitCode: scanned.invalid > 0 ? 1 : 0 }
  })

/**
 * The erasure itself. Lines the journal records as erased (for the same
 * identifier) are skipped; every other line is sent once, and its outcome is
 * journaled the moment it is known.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  options: Options,
  total: number | undefined
): Effect.Effect<Summary, Input.InputError | Error, ProfileService> =>
  Effect.scoped(Effect.gen(function*() {
    const path = journalPath(options)
    // Lock first, then read: what another run journaled before it let go counts.
    const writer = path === undefined ? undefined : yield* Journal.open(path)
    const erased = path === undefined ? new Journal.ErasedLines() : yield* Journal.load(path)
    const counts = Progress.emptyCounts()
    const problems: Array<Problem> = []
    let journalMismatches = 0
    const progress = yield* Progress.make({
      total,
      terminal: options.terminal,
      intervalMillis: options.progressIntervalMillis
    })
    yield* Effect.addFinalizer(() => progress.stop)

    type Item = Input.Item & { readonly fp: string }
    const items = Input.read(options.file, options.column).pipe(
      Stream.map((item): Item => ({ ...item, fp: Journal.fingerprint(options.by, item.value) })),
      Stream.filter((item) => {
        if (erased.has(item.line, item.fp)) {
          counts.skipped++
          return false
        }
        if (erased.mismatch(item.line, item.fp)) journalMismatches++
        return true
      })
    )

    const record = (outcome: BulkErasure.Outcome<Item>): Effect.Effect<void> => {
      const line = outcome.item.line
      switch (outcome.outcome) {
        case "deleted":
          counts.deleted++
          break
        case "not_found":
          counts.notFound++
          break
        case "invalid":
          counts.invalid++
          problems.push({ line, outcome: "invalid", reason: outcome.error.reason, error: outcome.error._tag })
          break
        case "failed": {
          counts.failed++
          const error = outcome.error
          problems.push({
            line,
            outcome: "failed",
            reason: error.message,
            error: error._tag,
            ...("status" in error ? { status: error.status } : {}),
            ...("requestId" in error && error.requestId !== undefined ? { requestId: error.requestId } : {})
          })
        }
      }
      progress.tick(counts)
      return writer === undefined ? Effect.void : writer.append({
        line,
        fp: outcome.item.fp,
        outcome: outcome.outcome,
        ...(outcome.outcome === "invalid" || outcome.outcome === "failed" ? { error: outcome.error._tag } : {}),
        at: new Date().toISOString()
      })
    }

    yield* BulkErasure.eraseAllBy(items, (item) => lookupOf(options.by, item.value), {
      concurrency: options.concurrency,
      ratePerMinute: options.ratePerMinute,
      onOutcome: record
    }).pipe(Stream.runDrain)
    yield* progress.stop

    problems.sort((a, b) => a.line - b.line)
    const report: Report = { file: options.file, by: options.by, dryRun: false, totals: { ...counts }, problems }
    yield* writeReport(options.report, report)
    return { report, exitCode: counts.invalid + counts.failed > 0 ? 1 : 0, journalMismatches }
  }))

/**
 * The summary line for standard output.
 *
 * @since 0.1.0
 * @category formatting
 */
export const summaryLine = (totals: Progress.Counts): string =>
  `erased ${totals.deleted + totals.notFound + totals.skipped} of ${
    totals.deleted + totals.notFound + totals.skipped + totals.invalid + totals.failed
  }: deleted ${totals.deleted}, not found ${totals.notFound}, skipped ${totals.skipped} (already erased), ` +
  `invalid ${totals.invalid}, failed ${totals.failed}`
