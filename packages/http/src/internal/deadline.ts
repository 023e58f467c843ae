/**
 * A per-attempt deadline that costs a timer, not a fiber: `Effect.timeout`'s
 * race cost more than the rest of the live layer (bench/README.md).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"

/**
 * Runs `attempt` with a scope that a timer closes after `millis` (the
 * transport then aborts the request); a failure after that is `onTimeout`.
 * The scope is handed over, not provided: the caller provides it together
 * with its other services, in one copy of the context.
 *
 * @internal
 */
export const withDeadline = <A, E, E2>(
  millis: number,
  attempt: (scope: Scope.CloseableScope) => Effect.Effect<A, E>,
  onTimeout: E2
): Effect.Effect<A, E | E2> =>
  Effect.flatMap(Scope.make(), (scope) => {
    let expired = false
    // A timer past 2^31 - 1 ms fires at once in Node: such a deadline is none.
    const timer = Number.isFinite(millis) && millis <= 2 ** 31 - 1
      ? setTimeout(() => {
        expired = true
        Effect.runFork(Scope.close(scope, Exit.void))
      }, millis)
      : undefined
    return attempt(scope).pipe(
      Effect.onExit((exit) => {
        clearTimeout(timer)
        // Interrupted by the caller: abort the request on the way out.
        return Exit.isInterrupted(exit) ? Scope.close(scope, Exit.void) : Effect.void
      }),
      Effect.catchAll((error) => Effect.fail(expired ? onTimeout : error))
    )
  })
