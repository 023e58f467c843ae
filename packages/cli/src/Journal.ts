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
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Readline from "node:readline"

/**
 * @since 0.1.0
 * @category models
 */
export const Entry = Schema.Struct({
  line: Schema.Int,
  fp: Schema.String,
  outcome: Schema.Literal("deleted", "not_found", "invalid", "failed"),
  error: Schema.optional(Schema.String),
  at: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Entry = Schema.Schema.Type<typeof Entry>

const decodeLine = Schema.decodeUnknownOption(Schema.parseJson(Entry))

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
 * The lines already erased (deleted or already absent), packed into typed
 * arrays so that a journal of millions of lines costs megabytes, not hundreds.
 *
 * @since 0.1.0
 * @category models
 */
export class ErasedLines {
  private fps = new Uint32Array(1024)
  private erased = new Uint8Array(1024)
  /**
   * How many lines are recorded as erased.
   *
   * @since 0.1.0
   */
  size = 0

  /** @internal */
  add(line: number, fp: string): void {
    if (line >= this.erased.length) this.grow(line + 1)
    if (this.erased[line] === 0) this.size++
    this.erased[line] = 1
    this.fps[line] = Number.parseInt(fp.slice(0, 8), 16) >>> 0
  }

  /**
   * Whether the line was erased, for the same identifier.
   *
   * @since 0.1.0
   */
  has(line: number, fp: string): boolean {
    return line < this.erased.length && this.erased[line] === 1 &&
      this.fps[line] === Number.parseInt(fp.slice(0, 8), 16) >>> 0
  }

  /**
   * Whether the journal has the line erased under another identifier.
   *
   * @since 0.1.0
   */
  mismatch(line: number, fp: string): boolean {
    return line < this.erased.length && this.erased[line] === 1 && !this.has(line, fp)
  }

  /**
   * @since 0.1.0
   */
  private grow(min: number): void {
    let length = this.erased.length
    while (length < min) length *= 2
    const fps = new Uint32Array(length)
    fps.set(this.fps)
    const erased = new Uint8Array(length)
    erased.set(this.erased)
    this.fps = fps
    this.erased = erased
  }
}

/**
 * Reads a journal. A missing file is an empty journal; a line that does not
 * decode (the torn last line of a killed run) is ignored.
 *
 * @since 0.1.0
 * @category reading
 */
export const load = (path: string): Effect.Effect<ErasedLines, Error> =>
  Effect.suspend(() => {
    const erased = new ErasedLines()
    if (!Fs.existsSync(path)) return Effect.succeed(erased)
    return Stream.fromAsyncIterable(
      Readline.createInterface({ input: Fs.createReadStream(path), crlfDelay: Infinity }),
      (cause) => new Error(`cannot read the journal ${path}: ${String(cause)}`)
    ).pipe(
      Stream.runForEach((text) =>
        Effect.sync(() => {
          const entry = decodeLine(text)
          if (Option.isSome(entry) && (entry.value.outcome === "deleted" || entry.value.outcome === "not_found")) {
            erased.add(entry.value.line, entry.value.fp)
          }
        })
      ),
      Effect.as(erased)
    )
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  readonly append: (entry: Entry) => Effect.Effect<void>
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === "EPERM"
  }
}

/**
 * Takes `PATH.lock` for this process, so that two runs never share a
 * journal. A lock left by a process that is gone (killed) is taken over; one
 * held by a live process is waited for, up to `wait`.
 *
 * @since 0.1.0
 * @category writing
 */
export const lock = (path: string, wait: Duration.DurationInput = Duration.seconds(10)) => {
  const lockPath = `${path}.lock`
  const attempt = Effect.try({
    try: () => {
      try {
        const fd = Fs.openSync(lockPath, "wx")
        Fs.writeSync(fd, String(process.pid))
        Fs.closeSync(fd)
        return true
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") throw error
        const holder = Number.parseInt(Fs.readFileSync(lockPath, "utf8"), 10)
        if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) return false
        Fs.rmSync(lockPath, { force: true })
        return false
      }
    },
    catch: (cause) => new Error(`cannot lock the journal ${path}: ${String(cause)}`)
  })
  return Effect.acquireRelease(
    attempt.pipe(
      Effect.repeat({ until: (taken) => taken, schedule: Schedule.spaced("100 millis") }),
      Effect.timeoutFail({
        duration: wait,
        onTimeout: () => new Error(`another effect-adapty run is using the journal ${path} (see ${lockPath})`)
      })
    ),
    () => Effect.sync(() => Fs.rmSync(lockPath, { force: true }))
  )
}

/**
 * Opens a journal for appending, under its lock. Each entry is one `write`
 * to a file opened with `O_APPEND`: once `append` returns, the line is in the
 * kernel and survives the process being killed.
 *
 * @since 0.1.0
 * @category writing
 */
export const open = (path: string) =>
  Effect.map(
    Effect.zipRight(lock(path), Effect.acquireRelease(
      Effect.try({
        try: () => Fs.openSync(path, "a"),
        catch: (cause) => new Error(`cannot open the journal ${path}: ${String(cause)}`)
      }),
      (fd) => Effect.sync(() => Fs.closeSync(fd))
    )),
    (fd): Writer => ({
      append: (entry) => Effect.sync(() => void Fs.writeSync(fd, `${JSON.stringify(entry)}\n`))
    })
  )
