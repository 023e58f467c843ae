#!/usr/bin/env node
/**
 * The `effect-adapty` executable.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cli from "./Cli.js"

// Run through a wrapper (`pnpm cli`), the command must not outlive it: a
// wrapper killed with SIGKILL cannot pass the signal on, and an orphan still
// erasing beside the next run would send identifiers twice.
if (process.env.EFFECT_ADAPTY_EXIT_WITH_PARENT === "1") {
  // pnpm runs scripts from the workspace root: paths on the command line are
  // relative to where the user typed them, which pnpm passes as INIT_CWD.
  if (process.env.INIT_CWD !== undefined && process.env.INIT_CWD !== "") process.chdir(process.env.INIT_CWD)
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, "SIGKILL")
  }, 100).unref()
}

// The main fiber is run here rather than by NodeRuntime.runMain, to tell
// SIGINT from SIGTERM: both interrupt the run, which prints its summary and
// finishes its report (marked partial) before the process exits 130 or 143.
let received: "SIGINT" | "SIGTERM" | undefined
const codeOf = (signal: "SIGINT" | "SIGTERM") => signal === "SIGTERM" ? 143 : 130

const fiber = Effect.runFork(
  Cli.run(process.argv).pipe(
    Effect.provide(NodeContext.layer),
    Effect.provideService(Cli.CliSignal, () => received)
  )
)
const keepAlive = setInterval(() => {}, 2 ** 31 - 1)

const onSignal = (signal: "SIGINT" | "SIGTERM") => {
  // A second signal while the run winds down: stop at once (the lock it
  // leaves names a dead process, and the next run takes it over).
  if (received !== undefined) process.exit(codeOf(received))
  received = signal
  fiber.unsafeInterruptAsFork(fiber.id())
}
process.on("SIGINT", onSignal)
process.on("SIGTERM", onSignal)

fiber.addObserver((exit) => {
  clearInterval(keepAlive)
  if (Exit.isSuccess(exit)) process.exit(exit.value)
  if (Cause.isInterruptedOnly(exit.cause)) process.exit(codeOf(received ?? "SIGINT"))
  // Cli.run turns defects into exit 70 with one line; this is the last resort.
  process.stderr.write(`${Cli.internalErrorLine(exit.cause)}\n`)
  process.exit(70)
})
