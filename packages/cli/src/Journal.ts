/**
 * The journal of an erasure: one JSON line per final outcome, appended as
 * soon as the outcome is known, so that a run killed at any moment (even
 * with `kill -9`) can resume without sending again what was already erased.
 *
 * Lines carry the input line number and a fingerprint of the identifier,
 * never the identifier itself: the journal is an audit trail, not a copy of
 * the personal data.
 *
 * @since 0.1.0
 */
import { BulkErasure, BulkExport } from "@effect-adapty/core"
import type { PlatformError, SystemErrorReason } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Input from "./Input.js"
import * as SystemError from "./internal/systemError.js"

/**
 * One line of the journal.
 *
 * @since 0.1.0
 * @category models
 */
export const Entry = Schema.Struct({
  line: Schema.Int.pipe(Schema.positive()),
  fp: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{16}$/)),
  outcome: Schema.Union(BulkErasure.OutcomeKind, BulkExport.OutcomeKind),
  error: Schema.optional(Schema.String),
  /** Since 0.2.0: `export` on an export's records; absent on an erasure's, as before. */
  job: Schema.optional(Schema.Literal("export")),
  at: Schema.optional(Schema.String),
  target: Schema.optional(Schema.String.pipe(Schema.pattern(/^[0-9a-f]{16}$/)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Entry = Schema.Schema.Type<typeof Entry>

const decodeLine = Schema.decodeUnknownEither(Schema.parseJson(Entry))

/**
 * What a journal records: an erasure (`erase`) or an export (`export`). The
 * two never share a journal: each refuses the other's.
 *
 * @since 0.2.0
 * @category models
 */
export type Job = "erase" | "export"

/**
 * Whether a line with this outcome is done, and skipped by the next run: for
 * an erasure, erased (deleted, or confirmed absent); for an export, found
 * and written out. An export asks again about a line not found, so that each
 * run's report lists every line without a profile.
 *
 * @since 0.2.0
 * @category models
 */
export const isDone = (job: Job, outcome: Entry["outcome"]): boolean =>
  job === "export" ? outcome === "found" : outcome !== "found" && BulkErasure.isErased(outcome)

/**
 * The journal cannot be used: it is not a regular file, not a journal,
 * locked by another run, or cannot be opened. Nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class JournalError extends Schema.TaggedError<JournalError>("@effect-adapty/cli/JournalError")("JournalError", {
  path: Schema.String,
  problem: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `the journal ${this.path} ${this.problem}`
  }
}

/**
 * Appending to the journal failed (a full disk, a file size limit, an I/O
 * error): the outcome is not recorded, so the run must stop sending.
 *
 * @since 0.1.0
 * @category errors
 */
export class JournalWriteError extends Schema.TaggedError<JournalWriteError>("@effect-adapty/cli/JournalWriteError")(
  "JournalWriteError",
  { path: Schema.String, error: Schema.String }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `cannot write to the journal ${this.path} (${this.error})`
  }
}

/**
 * A short hash of the identifier (the first 64 bits of a SHA-256 of the
 * lookup kind and the value): enough to notice that line N of the input is
 * no longer the identifier the journal recorded for it. It is not keyed:
 * whoever can guess an identifier can check it against a journal.
 *
 * @since 0.1.0
 * @category fingerprints
 */
export const fingerprint = (by: string, value: string): string =>
  createHash("sha256").update(by).update("\u0000").update(value).digest("hex").slice(0, 16)

/**
 * A short hash of where a run erases (the base URL and the API key): a line
 * erased in one Adapty app is not erased in another, so a journal's records
 * count only for the target they were made against.
 *
 * @since 0.1.0
 * @category fingerprints
 */
export const target = (baseUrl: string, apiKey: string): string =>
  createHash("sha256").update("target\u0000").update(baseUrl.replace(/\/+$/, "")).update("\u0000").update(apiKey)
    .digest("hex").slice(0, 16)

const pageLines = 4096

interface Page {
  readonly erased: Uint8Array
  readonly fps: Uint32Array
}

const prefix = (fp: string): number => Number.parseInt(fp.slice(0, 8), 16) >>> 0

/**
 * The lines already erased (deleted or already absent): a bit and the first
 * 32 bits of the fingerprint per line, in pages of 4,096 lines allocated when
 * a line in them is first recorded, so that a journal of millions of lines
 * costs megabytes, and a line number far beyond the input costs one page.
 *
 * @since 0.1.0
 * @category models
 */
export class ErasedLines {
  private readonly pages = new Map<number, Page>()
  /**
   * How many lines are recorded as erased.
   *
   * @since 0.1.0
   */
  size = 0

  /** @internal */
  add(line: number, fp: string): void {
    const key = Math.floor(line / pageLines)
    let page = this.pages.get(key)
    if (page === undefined) {
      page = { erased: new Uint8Array(pageLines / 8), fps: new Uint32Array(pageLines) }
      this.pages.set(key, page)
    }
    const i = line - key * pageLines
    const bit = 1 << (i & 7)
    if ((page.erased[i >> 3]! & bit) === 0) {
      this.size++
      page.erased[i >> 3]! |= bit
    }
    page.fps[i] = prefix(fp)
  }

  /**
   * The fingerprint prefix recorded for an erased line.
   *
   * @since 0.1.0
   */
  private recorded(line: number): number | undefined {
    const key = Math.floor(line / pageLines)
    const page = this.pages.get(key)
    if (page === undefined) return undefined
    const i = line - key * pageLines
    return (page.erased[i >> 3]! & (1 << (i & 7))) === 0 ? undefined : page.fps[i]
  }

  /**
   * Whether the line was erased, for the same identifier.
   *
   * @since 0.1.0
   */
  has(line: number, fp: string): boolean {
    return this.recorded(line) === prefix(fp)
  }

  /**
   * Whether the journal has the line erased under another identifier.
   *
   * @since 0.1.0
   */
  mismatch(line: number, fp: string): boolean {
    const recorded = this.recorded(line)
    return recorded !== undefined && recorded !== prefix(fp)
  }
}

/** A journal line is under 200 characters; anything far longer is not one. */
const maxLineChars = 1024

/** What a line cut short by a crash can look like: the start of a record, maybe with zeros after it. */
const isTorn = (text: string): boolean => {
  const start = "{\"line\":"
  const fragment = text.replace(/\u0000+$/, "")
  return start.startsWith(fragment) || fragment.startsWith(start)
}

/**
 * A journal as read: the lines erased, and what to do about a last line
 * without its newline (cut short by a crash or a full disk).
 *
 * @since 0.1.0
 * @category models
 */
export interface Loaded {
  readonly erased: ErasedLines
  /** Lines recorded as erased against another target: they are not skipped. */
  readonly elsewhere: number
  /** `complete`: the last record lacks only its newline; `torn`: cut the file at `at`. */
  readonly tail: { readonly _tag: "clean" } | { readonly _tag: "complete" } | { readonly _tag: "torn"; readonly at: number }
}

/**
 * Reads a journal, a line at a time with a length bound. A missing file is
 * an empty journal. Every line must be a record, except a last line without
 * a newline that is the start of one (the torn write of a killed run):
 * anything else is not a journal, and the file is refused with the number of
 * the line, rather than appended to. With a `target`, only records made
 * against it count as erased; without one (a dry run without a key), all do.
 *
 * @since 0.1.0
 * @category reading
 */
export const load = (
  path: string,
  target?: string | undefined,
  job: Job = "erase"
): Effect.Effect<Loaded, JournalError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const erased = new ErasedLines()
    let elsewhere = 0
    const refuse = (problem: string) => new JournalError({ path, problem })
    const unreadable = (error: PlatformError) => refuse(`cannot be read (${SystemError.describePlatform(error)})`)
    const info = yield* Effect.either(fs.stat(path))
    if (Either.isLeft(info)) {
      if (isReason(info.left, "NotFound")) return { erased, elsewhere, tail: { _tag: "clean" } }
      return yield* unreadable(info.left)
    }
    if (info.right.type !== "File") return yield* refuse("is not a regular file")

    const splitter = Input.lineSplitter(maxLineChars)
    let line = 0
    // A whole record of the other command: never taken for a line cut short.
    let wrongJob: JournalError | undefined
    const record = (text: string): Either.Either<void, JournalError> => {
      line++
      if (text.trim() === "") return Either.void
      const entry = decodeLine(text)
      if (Either.isLeft(entry)) {
        return Either.left(refuse(`is not an effect-adapty journal, or is damaged: line ${line} is not a journal record`))
      }
      if ((entry.right.job ?? "erase") !== job) {
        const other = job === "erase" ? "an export's" : "an erasure's"
        wrongJob = refuse(`is ${other} journal (line ${line}), not this command's: choose another --journal`)
        return Either.left(wrongJob)
      }
      if (isDone(job, entry.right.outcome)) {
        if (target === undefined || entry.right.target === target) erased.add(entry.right.line, entry.right.fp)
        else elsewhere++
      }
      return Either.void
    }
    yield* fs.stream(path, { chunkSize: 64 * 1024 }).pipe(
      Stream.mapError(unreadable),
      Stream.runForEach((chunk) =>
        Effect.suspend(() => {
          for (const text of splitter.push(chunk)) {
            const result = record(text)
            if (Either.isLeft(result)) return Effect.fail(result.left)
          }
          return Effect.void
        })
      )
    )
    const at = splitter.unfinishedAt()
    const [last] = splitter.end()
    if (last === undefined) return { erased, elsewhere, tail: { _tag: "clean" } }
    if (Either.isRight(record(last))) return { erased, elsewhere, tail: { _tag: "complete" } }
    if (wrongJob !== undefined) return yield* wrongJob
    if (isTorn(last)) return { erased, elsewhere, tail: { _tag: "torn", at } }
    return yield* refuse(`is not an effect-adapty journal, or is damaged: line ${line} is not a journal record`)
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  readonly append: (entry: Entry) => Effect.Effect<void, JournalWriteError>
}

const isReason = (error: PlatformError, reason: SystemErrorReason): boolean =>
  error._tag === "SystemError" && error.reason === reason

/** `process.kill(pid, 0)`: whether a process is alive, which no platform service tells. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return SystemError.code(error) === "EPERM"
  }
}

/**
 * Removes a lock whose holder is gone; the lock is still to be taken (the
 * next attempt takes it with `O_EXCL`, against any other run).
 * The lock is first moved aside, which only one run can do, and put back if
 * it turns out to be another run's new lock rather than the stale one.
 */
const takeOverIfStale = (fs: FileSystem.FileSystem, lockPath: string): Effect.Effect<void, PlatformError> =>
  Effect.gen(function*() {
    const read = yield* Effect.either(Effect.all([fs.readFileString(lockPath), fs.stat(lockPath)]))
    if (Either.isLeft(read)) {
      if (isReason(read.left, "NotFound")) return // Released meanwhile: try again.
      return yield* read.left
    }
    const [text, info] = read.right
    const now = yield* Clock.currentTimeMillis
    const holder = Number.parseInt(text, 10)
    // A lock without a pid yet may be one being written this instant.
    const held = Number.isInteger(holder)
      ? holder !== process.pid && isAlive(holder)
      : now - Option.match(info.mtime, { onNone: () => now, onSome: (mtime) => mtime.getTime() }) < 2000
    if (held) return
    const aside = `${lockPath}.${process.pid}.stale`
    const moved = yield* Effect.either(fs.rename(lockPath, aside))
    if (Either.isLeft(moved)) {
      if (isReason(moved.left, "NotFound")) return // Another run moved it first.
      return yield* moved.left
    }
    yield* fs.readFileString(aside).pipe(
      Effect.flatMap((current) => current === text ? Effect.void : fs.link(aside, lockPath)),
      Effect.catchIf((error) => isReason(error, "AlreadyExists"), () => Effect.void),
      Effect.ensuring(Effect.ignore(fs.remove(aside, { force: true })))
    )
  })

class Busy extends Schema.TaggedError<Busy>()("Busy", {}) {}

/**
 * Takes `PATH.lock` for this process, so that two runs never share a
 * journal. A lock left by a process that is gone (killed) is taken over; one
 * held by a live process is waited for, up to `wait`. Each attempt is short
 * and its own acquisition: the waiting between them can be interrupted.
 *
 * @since 0.1.0
 * @category writing
 */
export const lock = (
  path: string,
  wait: Duration.DurationInput = Duration.seconds(10)
): Effect.Effect<void, JournalError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const lockPath = `${path}.lock`
    const mine = String(process.pid)
    const attempt = Effect.scoped(
      Effect.flatMap(fs.open(lockPath, { flag: "wx" }), (file) => file.writeAll(new TextEncoder().encode(mine)))
    ).pipe(
      Effect.as(true),
      Effect.catchIf((error) => isReason(error, "AlreadyExists"), () => Effect.as(takeOverIfStale(fs, lockPath), false)),
      Effect.mapError((error) =>
        new JournalError({ path, problem: `cannot be locked (${SystemError.describePlatform(error)})` })
      )
    )
    const release = fs.readFileString(lockPath).pipe(
      Effect.flatMap((text) => text === mine ? fs.remove(lockPath, { force: true }) : Effect.void),
      // Already gone.
      Effect.ignore
    )
    return yield* Effect.acquireRelease(
      Effect.flatMap(attempt, (taken) => taken ? Effect.void : Effect.fail(new Busy())),
      () => release
    ).pipe(
      Effect.retry({ schedule: Schedule.spaced("100 millis").pipe(Schedule.upTo(wait)) }),
      Effect.catchTag("Busy", () =>
        Effect.fail(
          new JournalError({
            path,
            problem: `is in use by another effect-adapty run (see ${lockPath}); gave up after ${Duration.format(wait)}`
          })
        ))
    )
  })

// An append is a `writeSync` on the FileSystem file's descriptor, since File.writeAll (a thread-pool
// round trip per line) appends 8 times slower and made a run over loopback 2.3 times slower (bench/journal.ts).
const writeAll = (fd: number, data: Uint8Array) => {
  let written = 0
  while (written < data.length) written += Fs.writeSync(fd, data, written, data.length - written)
}

/**
 * Opens a journal for appending, under its lock: reads it (what another run
 * journaled before it let go counts), repairs a last line cut short by a
 * crash, and returns what is erased and a writer. Each entry is written with
 * `write` calls on a file opened with `O_APPEND`, until all of it is written:
 * once `append` returns, the line is in the kernel and survives the process
 * being killed. After a write fails, every later `append` fails the same way
 * without writing.
 *
 * @since 0.1.0
 * @category writing
 */
export const open = (path: string, target?: string | undefined, job: Job = "erase") =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    yield* lock(path)
    const loaded = yield* load(path, target, job)
    const file = yield* Effect.mapError(
      fs.open(path, { flag: "a" }),
      (error) => new JournalError({ path, problem: `cannot be opened (${SystemError.describePlatform(error)})` })
    )
    // A last line cut short: end it if it is a whole record, else cut it off,
    // so that the next record starts on a line of its own.
    yield* Effect.mapError(
      loaded.tail._tag === "complete"
        ? file.writeAll(Buffer.from("\n"))
        : loaded.tail._tag === "torn"
        ? file.truncate(loaded.tail.at)
        : Effect.void,
      (error) => new JournalError({ path, problem: `cannot be repaired (${SystemError.describePlatform(error)})` })
    )
    let failed: JournalWriteError | undefined
    const writer: Writer = {
      append: (entry) =>
        Effect.suspend(() => {
          if (failed !== undefined) return Effect.fail(failed)
          return Effect.try({
            try: () => writeAll(file.fd, Buffer.from(`${JSON.stringify(entry)}\n`)),
            catch: (cause) => (failed = new JournalWriteError({ path, error: SystemError.describe(cause) }))
          })
        })
    }
    return { erased: loaded.erased, elsewhere: loaded.elsewhere, writer }
  })
