/**
 * The identifiers to erase, read as a stream in constant memory: one per
 * line of a text file, or one column of a CSV file; `-` is standard input.
 *
 * @since 0.1.0
 */
import { ProfileLookupRules } from "@effect-adapty/core"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeStream from "@effect/platform-node/NodeStream"
import { parse } from "csv-parse"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import type { Readable } from "node:stream"
import * as SystemError from "./internal/systemError.js"

/**
 * An identifier and the line of the input it came from (1-based).
 *
 * @since 0.1.0
 * @category models
 */
export interface Item {
  readonly line: number
  readonly value: string
}

/**
 * The input could not be read, or the CSV has no such column. `problem`
 * never quotes the input: it may be personal data.
 *
 * @since 0.1.0
 * @category errors
 */
export class InputError extends Schema.TaggedError<InputError>("@effect-adapty/cli/InputError")("InputError", {
  file: Schema.String,
  problem: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.file}: ${this.problem}`
  }
}

/**
 * Whether FILE means standard input: `-` (the command line passes it on as
 * `/dev/stdin`, which its parser takes for a path).
 *
 * @since 0.1.0
 * @category reading
 */
export const isStdin = (file: string): boolean => file === "-" || file === "/dev/stdin"

/**
 * How FILE can be read: a regular file can be read twice (counted first,
 * then erased); anything else (a pipe, a FIFO, a device, standard input) only
 * once, so it is counted while it is erased.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "regular" | "once"

/**
 * Which {@link Kind} FILE is; fails on a file that is missing or a folder.
 *
 * @since 0.1.0
 * @category reading
 */
export const kind = (file: string): Effect.Effect<Kind, InputError, FileSystem.FileSystem> =>
  isStdin(file) ? Effect.succeed("once") : Effect.flatMap(stat(file), (info) =>
    info.type === "Directory"
      ? Effect.fail(new InputError({ file, problem: "is a folder, not a file of identifiers" }))
      : Effect.succeed<Kind>(info.type === "File" ? "regular" : "once"))

const cannotRead = (file: string, code: string) => new InputError({ file, problem: `cannot read it (${code})` })

const stat = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    Effect.mapError(fs.stat(file), (error) => cannotRead(file, SystemError.codePlatform(error))))

/** Bytes read at a time from the input. */
const chunkSize = 64 * 1024

/**
 * The bytes of FILE: a regular file through `FileSystem`, anything else
 * (a pipe, a FIFO, a device, standard input) as a Node stream, since
 * `FileSystem` reads at an offset (`pread`), which a pipe refuses (`ESPIPE`).
 */
const bytes = (file: string): Stream.Stream<Uint8Array, InputError, FileSystem.FileSystem> =>
  isStdin(file) ? fromReadable(file, () => process.stdin) : Stream.unwrap(Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    return (yield* stat(file)).type === "File"
      ? Stream.mapError(fs.stream(file, { chunkSize }), (error) => cannotRead(file, SystemError.codePlatform(error)))
      : fromReadable(file, () => Fs.createReadStream(file, { highWaterMark: chunkSize }))
  }))

const fromReadable = (file: string, readable: () => Readable): Stream.Stream<Uint8Array, InputError> =>
  NodeStream.fromReadable<InputError>(readable, (cause) => cannotRead(file, SystemError.code(cause)))

/**
 * The most bytes a value may need: an identifier or an API key (printable
 * ASCII), a byte order mark, and a `\r\n`.
 */
const maxValueBytes = ProfileLookupRules.maxLength + 5

/**
 * One value (an identifier, an API key) from FILE or standard input (`-`):
 * its text with a UTF-8 byte order mark and one trailing line break (`\n`
 * or `\r\n`) removed, nothing else trimmed, for the lookup rules to judge.
 * Reading stops one byte past the longest a value can be: whatever is
 * longer is refused by those rules all the same.
 *
 * @since 0.1.0
 * @category reading
 */
export const readValue = (file: string): Effect.Effect<string, InputError, FileSystem.FileSystem> =>
  bytes(file).pipe(
    Stream.runFoldWhile(
      { chunks: [] as Array<Uint8Array>, size: 0 },
      (read) => read.size <= maxValueBytes,
      (read, chunk) => {
        // The source may reuse its buffer.
        read.chunks.push(chunk.slice())
        read.size += chunk.length
        return read
      }
    ),
    Effect.map(({ chunks }) => {
      const text = new TextDecoder("utf-8").decode(Buffer.concat(chunks))
      return text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text
    })
  )

/**
 * Splits bytes into lines as `readline` with `crlfDelay: Infinity` does
 * (a line ends at `\n`, `\r\n` or a lone `\r`, even when `\r\n` straddles two
 * chunks), so that line numbers, the journal's keys, are those of earlier
 * versions. Unlike readline it strips a UTF-8 byte order mark at the very
 * start, keeps at most `maxChars` characters of a line (the rest is dropped
 * as it is read, so a file without a newline costs no memory), and decodes
 * each line on its own (invalid UTF-8 becomes U+FFFD). `push` returns the
 * lines a chunk completes; `end` the last line, if the input did not end
 * with a line break.
 *
 * @since 0.1.0
 * @category reading
 */
export const lineSplitter = (maxChars: number) => {
  // A character is at most 4 bytes; a byte order mark 3 more.
  const maxBytes = 4 * maxChars + 3
  const stripBom = new TextDecoder("utf-8")
  const keepBom = new TextDecoder("utf-8", { ignoreBOM: true })
  let pieces: Array<Uint8Array> = []
  let kept = 0
  let afterCr = false
  let first = true
  let read = 0
  let lineStart = 0

  const keep = (chunk: Uint8Array, from: number, to: number) => {
    const n = Math.min(maxBytes - kept, to - from)
    if (n > 0) {
      pieces.push(chunk.subarray(from, from + n))
      kept += n
    }
  }
  const finish = (): string => {
    const line = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, kept)
    const text = (first ? stripBom : keepBom).decode(line)
    first = false
    pieces = []
    kept = 0
    return text.length > maxChars ? text.slice(0, maxChars) : text
  }

  return {
    push: (chunk: Uint8Array): Array<string> => {
      const lines: Array<string> = []
      let start = 0
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]
        if (byte !== 10 && byte !== 13) {
          afterCr = false
        } else if (byte === 10 && afterCr) {
          // The \n of a \r\n: the \r already ended the line.
          afterCr = false
          start = i + 1
          lineStart = read + start
        } else {
          keep(chunk, start, i)
          lines.push(finish())
          start = i + 1
          lineStart = read + start
          afterCr = byte === 13
        }
      }
      keep(chunk, start, chunk.length)
      read += chunk.length
      // The source may reuse its buffer: keep a copy of an unfinished line.
      const last = pieces.length - 1
      if (last >= 0 && pieces[last]!.buffer === chunk.buffer) pieces[last] = pieces[last]!.slice()
      return lines
    },
    end: (): Array<string> => kept > 0 ? [finish()] : [],
    /** Where the line not yet ended starts, in bytes from the start of the input. */
    unfinishedAt: (): number => lineStart
  }
}

/**
 * The lines of a byte stream, numbered from 1, with at most `maxChars`
 * characters each (see {@link lineSplitter}).
 *
 * @since 0.1.0
 * @category reading
 */
export const splitLines = (maxChars: number) => <E, R>(input: Stream.Stream<Uint8Array, E, R>): Stream.Stream<Item, E, R> =>
  Stream.suspend(() => {
    const splitter = lineSplitter(maxChars)
    let line = 0
    const number = (texts: Array<string>) => Chunk.unsafeFromArray(texts.map((value): Item => ({ line: ++line, value })))
    return input.pipe(
      Stream.mapChunks((chunks) => Chunk.flatMap(chunks, (chunk) => number(splitter.push(chunk)))),
      Stream.concat(Stream.suspend(() => Stream.fromChunk(number(splitter.end()))))
    )
  })

const isBlank = (value: string | undefined): value is undefined => value === undefined || value.trim() === ""

/**
 * Every non-blank line of a text file, numbered from 1. A line longer than
 * an identifier can be is cut one character past the longest, so that it is
 * reported as too long without being held in memory.
 *
 * @since 0.1.0
 * @category reading
 */
export const lines = (file: string): Stream.Stream<Item, InputError, FileSystem.FileSystem> =>
  bytes(file).pipe(
    splitLines(ProfileLookupRules.maxLength + 1),
    Stream.filter((item) => !isBlank(item.value))
  )

/**
 * The longest CSV record accepted, in characters: a CSV export's row with
 * many columns fits; a file that is one endless record does not exhaust
 * memory.
 *
 * @since 0.1.0
 * @category reading
 */
export const maxCsvRecord = 1024 * 1024

const CsvRow = Schema.Struct({
  record: Schema.Record({ key: Schema.String, value: Schema.String }),
  info: Schema.Struct({ lines: Schema.Number })
})
const decodeCsvRow = Schema.decodeUnknownEither(CsvRow)

const csvFailure = (file: string, cause: unknown): InputError => {
  // csv-parse's messages may quote the record: keep only what broke, and where.
  const line = typeof cause === "object" && cause !== null && "lines" in cause ? String(cause.lines) : "?"
  const code = SystemError.code(cause)
  if (code === "CSV_MAX_RECORD_SIZE") {
    return new InputError({ file, problem: `the CSV record at line ${line} is longer than ${maxCsvRecord} characters` })
  }
  if (code.startsWith("CSV_")) return new InputError({ file, problem: `cannot read it as CSV: malformed record at line ${line}` })
  return new InputError({ file, problem: `cannot read it (${code})` })
}

/**
 * The values of one column of a CSV file with a header row, numbered by the
 * line on which each record ends. A row whose cell is empty or missing is an
 * item with an empty value (reported invalid): a person in the file whose
 * identifier is missing must not vanish from the report. Empty lines are
 * skipped.
 *
 * @since 0.1.0
 * @category reading
 */
export const csvColumn = (file: string, column: string): Stream.Stream<Item, InputError, FileSystem.FileSystem> =>
  Stream.suspend(() => {
    let checked = false
    return bytes(file).pipe(
      NodeStream.pipeThroughDuplex(
        () =>
          parse({
            columns: true,
            info: true,
            bom: true,
            skip_empty_lines: true,
            relax_column_count: true,
            max_record_size: maxCsvRecord
          }),
        (cause) => csvFailure(file, cause)
      ),
      Stream.mapEffect((row: unknown) => {
        const decoded = decodeCsvRow(row)
        if (decoded._tag === "Left") return Effect.fail(new InputError({ file, problem: "cannot read it as CSV" }))
        const { info, record } = decoded.right
        if (!checked) {
          checked = true
          if (!(column in record)) return Effect.fail(new InputError({ file, problem: `has no column named ${column}` }))
        }
        return Effect.succeed<Item>({ line: info.lines, value: record[column] ?? "" })
      })
    )
  })

/**
 * The items of the input, as text lines or a CSV column.
 *
 * @since 0.1.0
 * @category reading
 */
export const read = (
  file: string,
  column: string | undefined
): Stream.Stream<Item, InputError, FileSystem.FileSystem> =>
  column === undefined ? lines(file) : csvColumn(file, column)
