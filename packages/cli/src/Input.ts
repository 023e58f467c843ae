/**
 * The identifiers to erase, read as a stream in constant memory: one per
 * line of a text file, or one column of a CSV file; `-` is standard input.
 *
 * @since 0.1.0
 */
import { parse } from "csv-parse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Readline from "node:readline"
import type { Readable } from "node:stream"

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
 * The input could not be read, or the CSV has no such column.
 *
 * @since 0.1.0
 * @category errors
 */
export class InputError extends Error {
  /**
   * @since 0.1.0
   */
  readonly _tag = "InputError"
}

/**
 * Whether FILE means standard input: `-` (the command line passes it on as
 * `/dev/stdin`, which its parser takes for a path).
 *
 * @since 0.1.0
 * @category reading
 */
export const isStdin = (file: string): boolean => file === "-" || file === "/dev/stdin"

const source = (file: string): Effect.Effect<Readable, InputError> =>
  isStdin(file)
    ? Effect.succeed(process.stdin)
    : Effect.try({
      try: () => {
        // Fail early and clearly on a missing file rather than mid-stream.
        Fs.accessSync(file, Fs.constants.R_OK)
        return Fs.createReadStream(file)
      },
      catch: () => new InputError(`cannot read ${file}`)
    })

const isBlank = (value: string | undefined): value is undefined => value === undefined || value.trim() === ""

/**
 * Every non-blank line of a text file, numbered from 1.
 *
 * @since 0.1.0
 * @category reading
 */
export const lines = (file: string): Stream.Stream<Item, InputError> =>
  Stream.unwrap(Effect.map(source(file), (input) => {
    let line = 0
    return Stream.fromAsyncIterable(
      Readline.createInterface({ input, crlfDelay: Infinity }),
      () => new InputError(`cannot read ${file}`)
    ).pipe(
      Stream.map((value): Item => ({ line: ++line, value })),
      Stream.filter((item) => !isBlank(item.value))
    )
  }))

/**
 * The values of one column of a CSV file with a header row, numbered by the
 * line on which each record ends. Empty cells are skipped like blank lines.
 *
 * @since 0.1.0
 * @category reading
 */
export const csvColumn = (file: string, column: string): Stream.Stream<Item, InputError> =>
  Stream.unwrap(Effect.map(source(file), (input) => {
    let checked = false
    const parser = input.pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, relax_column_count: true }))
    return Stream.fromAsyncIterable(
      parser as AsyncIterable<{ readonly record: Record<string, string | undefined>; readonly info: { readonly lines: number } }>,
      // csv-parse's messages may quote the record: keep only where it broke.
      (cause) => {
        const line = typeof cause === "object" && cause !== null && "lines" in cause ? String(cause.lines) : "?"
        return new InputError(`cannot read ${file} as CSV: malformed record at line ${line}`)
      }
    ).pipe(
      Stream.mapEffect(({ info, record }) => {
        if (!checked) {
          checked = true
          if (!(column in record)) return Effect.fail(new InputError(`${file} has no column named ${column}`))
        }
        return Effect.succeed({ line: info.lines, value: record[column] })
      }),
      Stream.filter((item): item is Item => !isBlank(item.value))
    )
  }))

/**
 * The items of the input, as text lines or a CSV column.
 *
 * @since 0.1.0
 * @category reading
 */
export const read = (file: string, column: string | undefined): Stream.Stream<Item, InputError> =>
  column === undefined ? lines(file) : csvColumn(file, column)
