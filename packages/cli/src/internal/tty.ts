/**
 * Which standard streams are terminals. Standard output's is asked of
 * `Terminal`; standard input's and standard error's of the process, since
 * `Terminal.isTTY` answers for standard output only.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Effect from "effect/Effect"

/** @internal */
export const stdout: Effect.Effect<boolean, never, Terminal.Terminal> = Effect.flatMap(
  Terminal.Terminal,
  (terminal) => terminal.isTTY
)

/** @internal */
export const stdin: Effect.Effect<boolean> = Effect.sync(() => process.stdin.isTTY === true)

/** @internal */
export const stderr: Effect.Effect<boolean> = Effect.sync(() => process.stderr.isTTY === true)
