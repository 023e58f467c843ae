/**
 * `effect-adapty erase`: erase every identifier of a file, concurrently,
 * within a rate, with a journal to resume from and a report of every line
 * that did not end erased.
 *
 * @since 0.1.0
 */
import { BulkErasure, type BulkExport, type ProfileLookup, ProfileLookupRules, type ProfileService } from "@effect-adapty/core"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Console from "effect/Console"
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Input from "./Input.js"
import * as Journal from "./Journal.js"
import type * as Out from "./Out.js"
import * as Progress from "./Progress.js"
import * as Report from "./Report.js"

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
  /** `once`: FILE cannot be read twice, so it is not counted first and has no default journal. */
  readonly kind: Input.Kind
  readonly by: By
  readonly column: string | undefined
  readonly concurrency: number
  readonly ratePerMinute: number | undefined
  /** `undefined`: `FILE.journal` for a regular file, else none. */
  readonly journal: string | undefined
  readonly report: string | undefined
  readonly terminal: boolean
  readonly progressIntervalMillis?: number | undefined
  /** A rate limit that asks for a longer pause stops the run (default 10 minutes). */
  readonly maxRateLimitPause?: Duration.Duration | undefined
  /**
   * Where the run erases (`Journal.target`): journal records made against
   * another base URL or key do not count. Unset (a dry run without a key):
   * every record counts.
   */
  readonly target?: string | undefined
  /** Which signal interrupted the run, if one did: the report says `terminated` for SIGTERM. */
  readonly signal?: (() => "SIGINT" | "SIGTERM" | undefined) | undefined
  /**
   * What the run does: erase (the default) or export. It names the default
   * journal (`FILE.export.journal` for an export) and what it records.
   *
   * @since 0.2.0
   */
  readonly job?: Journal.Job | undefined
}

/**
 * A line that did not end `deleted` or `not_found`.
 *
 * @since 0.1.0
 * @category models
 */
export type Problem = Report.Problem

/**
 * Why a run ended before its input did: `code` goes into the report's
 * `stopped`; `message`, if any, is the line that says why and what to do.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stopped {
  readonly code: string
  readonly message: string | undefined
  readonly exitCode: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly totals: Progress.Counts
  /** 0 when every line ended deleted or not_found, 1 otherwise. */
  readonly exitCode: number
  readonly journalMismatches: number
  readonly stopped: Stopped | undefined
}

/**
 * The journal's path: `--journal`, else `FILE.journal` for a regular file,
 * and none for an input that is read once unless given.
 *
 * @since 0.1.0
 * @category options
 */
export const journalPath = (options: Pick<Options, "file" | "journal" | "kind" | "job">): string | undefined =>
  options.journal ??
    (options.kind === "regular" ? `${options.file}${options.job === "export" ? ".export" : ""}.journal` : undefined)

/**
 * @since 0.1.0
 * @category options
 */
export const lookupOf = (by: By, value: string): ProfileLookup =>
  by === "customer-user-id" ? { customerUserId: value } : { profileId: value }

const openReport = (options: Pick<Options, "file" | "by" | "report" | "job">, dryRun: boolean) =>
  options.report === undefined
    ? Effect.succeed(Report.none)
    : Report.open(options.report, {
      file: options.file,
      by: options.by,
      dryRun,
      ...(options.job === "export" ? { job: "export" } : {})
    })

/**
 * What the count pass found.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scanned {
  readonly toErase: number
  readonly invalid: number
  readonly skipped: number
}

/**
 * Reads the whole input once and counts: how many identifiers there are to
 * erase, how many are invalid, and how many the journal says are done. Each
 * invalid line goes to `onInvalid` (the dry run's report), not to a list.
 *
 * @since 0.1.0
 * @category running
 */
export const scan = <E = never>(
  options: Pick<Options, "file" | "kind" | "by" | "column" | "journal" | "target" | "job">,
  onInvalid: (problem: Problem) => Effect.Effect<void, E> = () => Effect.void
): Effect.Effect<Scanned, Input.InputError | Journal.JournalError | E, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const path = journalPath(options)
    const erased = path === undefined ? new Journal.ErasedLines() : (yield* Journal.load(path, options.target, options.job)).erased
    const counts = { toErase: 0, invalid: 0, skipped: 0 }
    yield* Input.read(options.file, options.column).pipe(
      Stream.runForEach((item) => {
        const checked = ProfileLookupRules.check(lookupOf(options.by, item.value))
        if (Either.isLeft(checked)) {
          counts.invalid++
          const error = ProfileLookupRules.toError(checked.left)
          return onInvalid({ line: item.line, outcome: "invalid", reason: error.reason, error: error._tag })
        }
        if (erased.has(item.line, Journal.fingerprint(options.by, item.value))) counts.skipped++
        else counts.toErase++
        return Effect.void
      })
    )
    return counts
  })

/**
 * `--dry-run`: validates the whole input and reports what a run would do,
 * sending nothing. Keeps the first 20 invalid line numbers, for the summary.
 *
 * @since 0.1.0
 * @category running
 */
export const dryRun = (options: Options) =>
  Effect.scoped(Effect.gen(function*() {
    const report = yield* openReport(options, true)
    const firstInvalid: Array<number> = []
    const scanned = yield* scan(options, (problem) => {
      if (firstInvalid.length < 20) firstInvalid.push(problem.line)
      return report.problem(problem)
    })
    yield* report.finish({
      totals: { ...Progress.emptyCounts(), invalid: scanned.invalid, skipped: scanned.skipped },
      partial: false,
      stopped: null
    })
    return { ...scanned, firstInvalid, exitCode: scanned.invalid > 0 ? 1 : 0 }
  }))

/**
 * An outcome of either job.
 *
 * @since 0.2.0
 * @category models
 */
export type AnyOutcome<A> = BulkErasure.Outcome<A> | BulkExport.Outcome<A>

const notFoundProblem: Problem = {
  line: 0,
  outcome: "not_found",
  reason: "Adapty answered that no profile matches (never existed, or deleted): nothing was written",
  error: "ProfileNotFound"
}

const problemOf = (outcome: AnyOutcome<unknown>, job: Journal.Job): Problem | undefined => {
  switch (outcome.outcome) {
    case "not_found":
      return job === "export" ? notFoundProblem : undefined
    case "invalid":
      return { line: 0, outcome: "invalid", reason: outcome.error.reason, error: outcome.error._tag }
    case "failed": {
      const error = outcome.error
      return {
        line: 0,
        outcome: "failed",
        // A failed ProfileNotFound is a 404 without Adapty's own answer: it does not say the profile is gone.
        reason: error._tag === "ProfileNotFound"
          ? `HTTP ${error.status} without Adapty's answer: the profile may still exist (check ADAPTY_BASE_URL)`
          : error.message,
        error: error._tag,
        ...("status" in error ? { status: error.status } : {}),
        ...("requestId" in error && error.requestId !== undefined ? { requestId: error.requestId } : {})
      }
    }
    default:
      return undefined
  }
}

const stopMessage = (error: BulkErasure.ErasureStopped | BulkExport.ExportStopped, notSent: string): Stopped => {
  const again = `${notSent}: run the same command again to finish them`
  switch (error.reason) {
    case "Unauthorized":
      return {
        code: "key-refused",
        message: `error: Adapty refused the API key (HTTP 401): check ADAPTY_API_KEY or --api-key-file; ${again}`,
        exitCode: 1
      }
    case "RateLimitPause": {
      const wait = "retryAfter" in error.error && error.error.retryAfter !== undefined
        ? Progress.formatWait(error.error.retryAfter)
        : "longer"
      const limit = error.maxPause === undefined ? "" : ` (--max-rate-limit-pause ${Progress.formatWait(error.maxPause)})`
      return {
        code: "rate-limit-pause",
        message: `error: Adapty's rate limit asked to wait ${wait}, longer than the longest pause allowed${limit}; ` +
          `${notSent}: run the same command again later to finish them`,
        exitCode: 1
      }
    }
    case "ConsecutiveFailures": {
      const hint = error.error._tag === "UnexpectedResponse" || error.error._tag === "ProfileNotFound"
        ? "the server does not answer as Adapty's API does (check ADAPTY_BASE_URL); "
        : ""
      return {
        code: "consecutive-failures",
        message: `error: ${error.failures ?? "several"} calls in a row failed; ${hint}the last: ${error.error.message}; ${again}`,
        exitCode: 1
      }
    }
  }
}

type StopError =
  | Input.InputError
  | Report.ReportError
  | Journal.JournalWriteError
  | Out.OutWriteError
  | BulkErasure.ErasureStopped
  | BulkExport.ExportStopped

const stoppedBy = (error: StopError, notSent: string): Stopped => {
  switch (error._tag) {
    case "InputError":
      return { code: "input-error", message: `error: ${error.message}; ${notSent}`, exitCode: 1 }
    case "ReportError":
      return { code: "report-write-failed", message: `error: ${error.message}; ${notSent}`, exitCode: 1 }
    case "JournalWriteError":
      return {
        code: "journal-write-failed",
        message: `error: ${error.message}; the run stopped: lines not journaled will be sent again by the next run`,
        exitCode: 1
      }
    case "OutWriteError":
      return {
        code: "out-write-failed",
        message: `error: ${error.message}; the run stopped: lines not written will be asked for again by the next run`,
        exitCode: 1
      }
    case "ErasureStopped":
    case "ExportStopped":
      return stopMessage(error, notSent)
  }
}

/**
 * The erasure itself. Lines the journal records as erased (for the same
 * identifier) are skipped; every other line is sent once, and its outcome is
 * journaled the moment it is known. Prints the summary (and, for a run that
 * stopped early, why) when it ends, however it ends: also when interrupted,
 * with the report marked partial.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  options: Options,
  total: number | undefined
): Effect.Effect<
  Summary,
  Input.InputError | Journal.JournalError | Report.ReportError,
  ProfileService | FileSystem.FileSystem
> => runJob(options, total, () => Effect.succeed(erasure))

/**
 * A line of the input, with the fingerprint its journal record carries.
 *
 * @since 0.2.0
 * @category models
 */
export type Item = Input.Item & { readonly fp: string }

/**
 * What a run does with its lines: the bulk call, what is written for an
 * outcome before it is journaled, and the summary.
 *
 * @since 0.2.0
 * @category models
 */
export interface Job {
  readonly bulk: (
    items: Stream.Stream<Item, Input.InputError, FileSystem.FileSystem>,
    lookupOf: (item: Item) => ProfileLookup,
    options: BulkErasure.Options<never> & {
      readonly onOutcome: (outcome: AnyOutcome<Item>) => Effect.Effect<void>
    }
  ) => Stream.Stream<
    AnyOutcome<Item>,
    Input.InputError | BulkErasure.ErasureStopped | BulkExport.ExportStopped,
    ProfileService | FileSystem.FileSystem
  >
  /** Runs before the outcome is journaled: once journaled, a line is skipped by the next run. */
  readonly write?: ((outcome: AnyOutcome<Item>) => Effect.Effect<void, Out.OutWriteError>) | undefined
  readonly summaryLine: (totals: Progress.Counts, stopped: Stopped | undefined) => string
  /** What an unexpected run looks like (every identifier absent): a warning, or none. */
  readonly warning: (totals: Progress.Counts) => string | undefined
}

const erasure: Job = {
  bulk: (items, lookupOf, options) => BulkErasure.eraseAllBy(items, lookupOf, options),
  summaryLine: (totals, stopped) => summaryLine(totals, stopped),
  // Every profile already absent is what a wrong --by or --column looks like.
  warning: (counts) =>
    counts.deleted === 0 && counts.not_found >= 10
      ? `warning: all ${counts.not_found} identifier(s) sent were already absent from Adapty, none deleted: if that is ` +
        "not expected, check --by (customer-user-id or profile-id), --column and ADAPTY_BASE_URL"
      : undefined
}

/**
 * The machinery of `erase` and `export`: journal, report, progress,
 * summary, stops and signals around a bulk run. `prepare` makes the job once
 * the journal is open (and locked), with the lines it records as done.
 *
 * @since 0.2.0
 * @category running
 */
export const runJob = <E>(
  options: Options,
  total: number | undefined,
  prepare: (done: Journal.ErasedLines) => Effect.Effect<Job, E, FileSystem.FileSystem | Scope.Scope>
): Effect.Effect<
  Summary,
  Input.InputError | Journal.JournalError | Report.ReportError | E,
  ProfileService | FileSystem.FileSystem
> =>
  Effect.scoped(Effect.gen(function*() {
    const job = options.job ?? "erase"
    const path = journalPath(options)
    // Lock first, then read: what another run journaled before it let go counts.
    const journal = path === undefined ? undefined : yield* Journal.open(path, options.target, job)
    const erased = journal === undefined ? new Journal.ErasedLines() : journal.erased
    const spec = yield* prepare(erased)
    const report = yield* openReport(options, false)
    if (path !== undefined) yield* Console.error(`journal: ${path}`)
    if (journal !== undefined && journal.elsewhere > 0) {
      yield* Console.error(
        `warning: ${journal.elsewhere} line(s) of the journal were ${job === "export" ? "exported" : "erased"} ` +
          "against another ADAPTY_BASE_URL or API key: " +
          "they are sent again here"
      )
    }

    const clock = yield* Effect.clock
    const counts = Progress.emptyCounts()
    let journalMismatches = 0
    let sent = 0
    // Problems known (in completion order) but not yet emitted (in input order).
    const pending = new Map<number, Problem>()
    const journalFailed = yield* Deferred.make<never, Journal.JournalWriteError | Out.OutWriteError>()
    const progress = yield* Progress.make({
      total,
      terminal: options.terminal,
      intervalMillis: options.progressIntervalMillis,
      job
    })
    yield* Effect.addFinalizer(() => progress.stop)

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

    const record = (outcome: AnyOutcome<Item>): Effect.Effect<void> => {
      const line = outcome.item.line
      if (outcome.outcome === "found") counts.found = (counts.found ?? 0) + 1
      else counts[outcome.outcome]++
      const problem = problemOf(outcome, job)
      if (problem !== undefined) pending.set(outcome.index, { ...problem, line })
      progress.tick(counts)
      const append = journal === undefined ? Effect.void : journal.writer.append({
        line,
        fp: outcome.item.fp,
        outcome: outcome.outcome,
        ...(outcome.outcome === "invalid" || outcome.outcome === "failed" ? { error: outcome.error._tag } : {}),
        ...(job === "export" ? { job } : {}),
        at: new Date(clock.unsafeCurrentTimeMillis()).toISOString(),
        ...(options.target === undefined ? {} : { target: options.target })
      })
      // Written, then journaled, together: a signal does not come between the
      // two. An erasure writes nothing: its path stays as it was.
      const settled = spec.write === undefined
        ? append
        : Effect.uninterruptible(Effect.zipRight(spec.write(outcome), append))
      return settled.pipe(
        // This worker takes no further item: the run is about to stop.
        Effect.catchAll((error) => Effect.zipRight(Deferred.fail(journalFailed, error), Effect.never))
      )
    }

    const emitted = (outcome: AnyOutcome<Item>) => {
      const problem = pending.get(outcome.index)
      if (problem === undefined) return Effect.void
      pending.delete(outcome.index)
      return report.problem(problem)
    }

    const conclude = (stopped: Stopped | undefined): Effect.Effect<Summary> =>
      Effect.gen(function*() {
        yield* progress.stop
        // Known outcomes not yet emitted all come after the last emitted line.
        const rest = [...pending.values()].sort((a, b) => a.line - b.line)
        pending.clear()
        const written = yield* Effect.forEach(rest, report.problem, { discard: true }).pipe(
          Effect.zipRight(report.finish({ totals: { ...counts }, partial: stopped !== undefined, stopped: stopped?.code ?? null })),
          Effect.either
        )
        if (journalMismatches > 0) {
          yield* Console.error(
            `warning: ${journalMismatches} line(s) of the journal recorded another identifier: the input changed; they were sent`
          )
        }
        yield* Console.log(spec.summaryLine(counts, stopped))
        const warning = spec.warning(counts)
        if (warning !== undefined) yield* Console.error(warning)
        if (Either.isLeft(written)) yield* Console.error(`error: ${written.left.message}`)
        else if (options.report !== undefined) yield* Console.error(`report: ${options.report}`)
        // Last, where a person looks: why the run stopped, and what to do.
        if (stopped?.message !== undefined) yield* Console.error(stopped.message)
        const failed = counts.invalid + counts.failed > 0 || Either.isLeft(written)
        return {
          totals: { ...counts },
          exitCode: stopped !== undefined ? stopped.exitCode : failed ? 1 : 0,
          journalMismatches,
          stopped
        }
      })

    // Lines without an outcome were never sent, or were in flight and are
    // not journaled: either way the next run sends them.
    const notSent = (): string => {
      if (total === undefined) return "the lines without an outcome were not sent"
      const left = total - Progress.done(counts)
      return `${left} line(s) not sent`
    }

    const interrupted = (): Stopped =>
      options.signal?.() === "SIGTERM"
        ? { code: "terminated", message: undefined, exitCode: 143 }
        : { code: "interrupted", message: undefined, exitCode: 130 }

    const bulk = spec.bulk(items, (item) => {
      sent++
      return lookupOf(options.by, item.value)
    }, {
      concurrency: options.concurrency,
      ratePerMinute: options.ratePerMinute,
      maxRateLimitPause: options.maxRateLimitPause,
      onPause: progress.pause,
      onOutcome: record
    }).pipe(
      // A journal that cannot be written stops the run at once: calls in
      // flight are interrupted, and their lines stay pending.
      Stream.interruptWhen(Deferred.await(journalFailed)),
      Stream.runForEach(emitted)
    )
    // Only the erasure can be interrupted: once it has ended, however it
    // ended, the summary and the report are written in full.
    return yield* Effect.uninterruptibleMask((restore) =>
      restore(bulk).pipe(
        Effect.as(undefined),
        Effect.catchAll((error) => {
          const stopped = stoppedBy(error, notSent())
          // Nothing was sent: as for an input error found by the count pass.
          return Effect.succeed(error._tag === "InputError" && sent === 0 ? { ...stopped, exitCode: 2 } : stopped)
        }),
        Effect.onInterrupt(() => conclude(interrupted())),
        // A bug: still say what was done, and leave a report that parses, before the one line of exit 70.
        Effect.catchAllDefect((defect) =>
          Effect.zipRight(conclude({ code: "internal-error", message: undefined, exitCode: 70 }), Effect.die(defect))
        ),
        Effect.flatMap(conclude)
      )
    )
  }))

/**
 * The summary line for standard output. A run that stopped early says so,
 * and counts what it did before it stopped.
 *
 * @since 0.1.0
 * @category formatting
 */
export const summaryLine = (totals: Progress.Counts, stopped?: Stopped | undefined): string => {
  const erased = Progress.erased(totals)
  const counts = `deleted ${totals.deleted}, not found ${totals.not_found}, skipped ${totals.skipped} (already erased), ` +
    `invalid ${totals.invalid}, failed ${totals.failed}`
  const seen = Progress.done(totals) + totals.skipped
  if (stopped === undefined) return `erased ${erased} of ${seen}: ${counts}`
  const how = stopped.code === "interrupted" || stopped.code === "terminated" ? stopped.code : "stopped"
  return `${how}: erased ${erased} of the ${seen} line(s) done so far: ${counts}; the rest was not sent`
}
