/**
 * The JSON report of a run, written as the run goes: the header first, then
 * each problem as it is known, in line order, then the totals. Memory does
 * not grow with the number of problems, and a run that stops early still
 * leaves valid JSON, marked `partial`.
 *
 * @since 0.1.0
 */
import type { BulkErasure } from "@effect-adapty/core"
import * as FileSystem from "@effect/platform/FileSystem"
import type { PlatformError } from "@effect/platform/Error"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as SystemError from "./internal/systemError.js"
import type * as Progress from "./Progress.js"

/**
 * A line that did not end `deleted` or `not_found`. No identifier: the line
 * number points back to the input.
 *
 * @since 0.1.0
 * @category models
 */
export interface Problem {
  readonly line: number
  /** Since 0.2.0, an export reports `not_found` lines too: no profile was written for them. */
  readonly outcome: Exclude<BulkErasure.OutcomeKind, "deleted">
  readonly reason: string
  readonly error: string
  readonly status?: number
  readonly requestId?: string
}

/**
 * What the report file starts with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Header {
  readonly file: string
  readonly by: string
  readonly dryRun: boolean
  /**
   * Since 0.2.0: `export` for an export's report, which says so in its
   * header and counts `exported` in its totals (default `erase`).
   */
  readonly job?: "erase" | "export" | undefined
}

/**
 * What the report file ends with. `stopped` says why a `partial` run ended
 * early (`interrupted`, `terminated`, …), and is `null` for a complete one.
 *
 * @since 0.1.0
 * @category models
 */
export interface Footer {
  readonly totals: Progress.Counts
  readonly partial: boolean
  readonly stopped: string | null
}

/**
 * The report could not be opened or written.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReportError extends Schema.TaggedError<ReportError>("@effect-adapty/cli/ReportError")("ReportError", {
  path: Schema.String,
  error: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `cannot write the report ${this.path} (${this.error})`
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  readonly problem: (problem: Problem) => Effect.Effect<void, ReportError>
  readonly finish: (footer: Footer) => Effect.Effect<void, ReportError>
}

/**
 * The writer for no `--report`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: Writer = { problem: () => Effect.void, finish: () => Effect.void }

/** The totals as the report has always written them: `not_found` as `notFound`. */
const totalsOf = (counts: Progress.Counts) => ({
  deleted: counts.deleted,
  notFound: counts.not_found,
  invalid: counts.invalid,
  failed: counts.failed,
  skipped: counts.skipped
})

/** An export's totals: `skipped` lines were exported by an earlier run. */
const exportTotalsOf = (counts: Progress.Counts) => ({
  exported: counts.found ?? 0,
  notFound: counts.not_found,
  invalid: counts.invalid,
  failed: counts.failed,
  skipped: counts.skipped
})

/** Problems are written a batch at a time, not one `write` each. */
const flushAt = 64 * 1024

/**
 * Creates (or empties) the report at `path` and writes its header: called
 * before the first request, so that an unwritable report stops the run
 * before anything is sent.
 *
 * @since 0.1.0
 * @category constructors
 */
export const open = (
  path: string,
  header: Header
): Effect.Effect<Writer, ReportError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    // Node's own message (`ENOENT: no such file or directory, open 'r.json'`), without the wrapper's.
    const fail = (error: PlatformError) => new ReportError({ path, error: SystemError.describePlatform(error) })
    const file = yield* Effect.mapError(fs.open(path, { flag: "w" }), fail)
    const encoder = new TextEncoder()
    const exporting = header.job === "export"
    let buffer = `{\n${exporting ? `  "command": "export",\n` : ""}  "file": ${JSON.stringify(header.file)},\n` +
      `  "by": ${JSON.stringify(header.by)},\n` +
      `  "dryRun": ${header.dryRun},\n  "problems": [`
    let problems = 0
    let finished = false
    const flush = Effect.suspend(() => {
      const text = buffer
      buffer = ""
      return Effect.mapError(file.writeAll(encoder.encode(text)), fail)
    })
    yield* flush
    return {
      problem: (problem) =>
        Effect.suspend(() => {
          buffer += `${problems++ === 0 ? "" : ","}\n    ${JSON.stringify(problem)}`
          return buffer.length >= flushAt ? flush : Effect.void
        }),
      finish: (footer) =>
        Effect.suspend(() => {
          if (finished) return Effect.void
          finished = true
          buffer += `${problems === 0 ? "" : "\n  "}],\n  "totals": ${JSON.stringify((exporting ? exportTotalsOf : totalsOf)(footer.totals))},\n` +
            `  "partial": ${footer.partial},\n  "stopped": ${JSON.stringify(footer.stopped)}\n}\n`
          return flush
        })
    }
  })
