#!/usr/bin/env node
/**
 * The `effect-adapty` executable.
 *
 * @since 0.1.0
 */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
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

NodeRuntime.runMain(Cli.run(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isSuccess(exit)) return onExit(typeof exit.value === "number" ? exit.value : 0)
    // Ctrl-C: what was done is journaled; the rest waits for the next run.
    return onExit(Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
  }
})
