/**
 * `effect-adapty export`: the GDPR access request (Articles 15 and 20). Gets
 * the profile of every identifier of a file, with erase's machinery
 * (journal and resume, rate, progress, report, stops, signals), and writes
 * each profile found to OUT as one JSON line. Profiles not found are counted
 * and reported by line number, never invented.
 *
 * @since 0.2.0
 */
import { BulkExport, type ProfileService } from "@effect-adapty/core"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Erase from "./Erase.js"
import type * as Input from "./Input.js"
import type * as Journal from "./Journal.js"
import * as Out from "./Out.js"
import * as Progress from "./Progress.js"
import type * as Report from "./Report.js"

/**
 * The options of `erase`, and OUT.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options extends Erase.Options {
  readonly out: string
}

/**
 * The summary line for standard output. Lines `skipped` were exported into
 * OUT by an earlier run of the same export.
 *
 * @since 0.2.0
 * @category formatting
 */
export const summaryLine = (totals: Progress.Counts, stopped?: Erase.Stopped | undefined): string => {
  const found = totals.found ?? 0
  const counts = `not found ${totals.not_found}, skipped ${totals.skipped} (exported before), ` +
    `invalid ${totals.invalid}, failed ${totals.failed}`
  const seen = Progress.done(totals) + totals.skipped
  if (stopped === undefined) return `exported ${found} profile(s) of ${seen} line(s): ${counts}`
  const how = stopped.code === "interrupted" || stopped.code === "terminated" ? stopped.code : "stopped"
  return `${how}: exported ${found} profile(s) of the ${seen} line(s) done so far: ${counts}; the rest was not sent`
}

const job = (out: Out.Writer): Erase.Job => ({
  bulk: (items, lookupOf, options) => BulkExport.exportAllBy(items, lookupOf, options),
  write: (outcome) => outcome.outcome === "found" ? out.write(outcome.item.line, outcome.profile) : Effect.void,
  summaryLine,
  // No profile at all is what a wrong --by or --column looks like.
  warning: (counts) =>
    (counts.found ?? 0) === 0 && counts.not_found >= 10
      ? `warning: none of the ${counts.not_found} identifier(s) sent has an Adapty profile: if that is not expected, ` +
        "check --by (customer-user-id or profile-id), --column and ADAPTY_BASE_URL"
      : undefined
})

/**
 * The export itself. Lines the journal records as exported (for the same
 * identifier, against the same target) are skipped; every other line is
 * asked for once. A profile found is written to OUT, then journaled: after a
 * `kill -9`, a line may be in OUT twice (at most `--concurrency` of them),
 * never missing from it.
 *
 * @since 0.2.0
 * @category running
 */
export const run = (
  options: Options,
  total: number | undefined
): Effect.Effect<
  Erase.Summary,
  Input.InputError | Journal.JournalError | Report.ReportError | Out.OutError,
  ProfileService | FileSystem.FileSystem
> =>
  Erase.runJob({ ...options, job: "export" }, total, (done) => Effect.map(Out.open(options.out, done.size), job))
