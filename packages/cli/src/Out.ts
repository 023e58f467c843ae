/**
 * The output of an export: one JSON line per profile found,
 * `{"line":N,"profile":{…}}`, the profile in Adapty's wire form. It holds
 * personal data by design: it is created readable and writable by its owner
 * only (mode 0600), never overwritten, and appended to only by the run that
 * resumes the export it belongs to.
 *
 * @since 0.2.0
 */
import { Profile } from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as SystemError from "./internal/systemError.js"

/**
 * OUT cannot be used: it exists and is not this export's, is not a regular
 * file, is missing while the journal says lines were written to it, or
 * cannot be opened. Nothing was sent.
 *
 * @since 0.2.0
 * @category errors
 */
export class OutError extends Schema.TaggedError<OutError>("@effect-adapty/cli/OutError")("OutError", {
  path: Schema.String,
  problem: Schema.String
}) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    return `the output ${this.path} ${this.problem}`
  }
}

/**
 * Writing a profile to OUT failed: the run stops, and the line, not
 * journaled, is asked for again by the next run.
 *
 * @since 0.2.0
 * @category errors
 */
export class OutWriteError extends Schema.TaggedError<OutWriteError>("@effect-adapty/cli/OutWriteError")(
  "OutWriteError",
  { path: Schema.String, error: Schema.String }
) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    return `cannot write to the output ${this.path} (${this.error})`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Writer {
  readonly write: (line: number, profile: Profile) => Effect.Effect<void, OutWriteError>
}

/**
 * The mode of a file created for OUT: readable and writable by its owner
 * only.
 *
 * @since 0.2.0
 * @category constants
 */
export const mode = 0o600

const encode = Schema.encodeEither(Profile)

/** Where the last whole line ends: a line cut short by a kill is cut off, so the next starts on its own. */
const lastNewlineEnd = (fd: number, size: number): number => {
  const chunk = Buffer.alloc(64 * 1024)
  let end = size
  while (end > 0) {
    const start = Math.max(0, end - chunk.length)
    const read = Fs.readSync(fd, chunk, 0, end - start, start)
    const at = chunk.subarray(0, read).lastIndexOf(0x0a)
    if (at >= 0) return start + at + 1
    end = start
  }
  return 0
}

const writeAll = (fd: number, data: Uint8Array) => {
  let written = 0
  while (written < data.length) written += Fs.writeSync(fd, data, written, data.length - written)
}

/**
 * Opens OUT for the export: creates it (mode 0600, never over an existing
 * file) when the journal records no line exported, or appends to it when it
 * records `exported` lines (resuming), after cutting off a last line a kill
 * cut short. An existing OUT is taken only when resuming, or when it is
 * empty.
 *
 * @since 0.2.0
 * @category constructors
 */
export const open = (path: string, exported: number): Effect.Effect<Writer, OutError, Scope.Scope> =>
  Effect.gen(function*() {
    const refuse = (problem: string) => new OutError({ path, problem })
    const info = yield* Effect.sync(() => Fs.statSync(path, { throwIfNoEntry: false }))
    if (info !== undefined && !info.isFile()) return yield* refuse("is not a regular file: choose another --out")
    if (info === undefined && exported > 0) {
      return yield* refuse(
        `is missing, but the journal records ${exported} line(s) exported into it: restore it, or start over with ` +
          "another --journal"
      )
    }
    if (info !== undefined && exported === 0 && info.size > 0) {
      return yield* refuse(
        "already exists, and the journal records no line exported into it: an export never overwrites a file (it " +
          "holds personal data): move it away, or choose another --out"
      )
    }
    const fd = yield* Effect.acquireRelease(
      Effect.try({
        // O_EXCL when creating: a file made meanwhile is not taken over.
        try: () => Fs.openSync(path, info === undefined ? "wx+" : "a+", mode),
        catch: (cause) => refuse(`cannot be opened (${SystemError.describe(cause)})`)
      }),
      (fd) => Effect.sync(() => Fs.closeSync(fd))
    )
    yield* Effect.try({
      try: () => {
        // The mode asked for, whatever the umask.
        if (info === undefined) Fs.fchmodSync(fd, mode)
        const size = Fs.fstatSync(fd).size
        const end = lastNewlineEnd(fd, size)
        if (end < size) Fs.ftruncateSync(fd, end)
      },
      catch: (cause) => refuse(`cannot be prepared (${SystemError.describe(cause)})`)
    })
    let failed: OutWriteError | undefined
    return {
      write: (line, profile) =>
        Effect.suspend(() => {
          if (failed !== undefined) return Effect.fail(failed)
          const wire = encode(profile)
          // A decoded profile always encodes: anything else is a bug.
          if (wire._tag === "Left") return Effect.die(wire.left)
          return Effect.try({
            try: () => writeAll(fd, Buffer.from(`${JSON.stringify({ line, profile: wire.right })}\n`)),
            catch: (cause) => (failed = new OutWriteError({ path, error: SystemError.describe(cause) }))
          })
        })
    }
  })
