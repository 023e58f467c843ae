/**
 * A per-attempt deadline that costs a timer, not a fiber.
 *
 * `Effect.timeout` races the attempt against a sleep in two fibers; measured
 * on this machine it cost about 55 µs per call, more than the rest of the
 * live layer together. Here the attempt runs under a `Scope` whose closing
 * aborts the request (`HttpClient.withScope`), and a plain timer closes it:
 * the transport then fails the request, headers or body, and the failure is
 * read as a timeout.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"

/**
 * Runs `attempt` with a fresh scope that closes when `millis` have passed
 * (or the caller interrupts); a failure after the deadline becomes
 * `onTimeout`. The scope is handed over rather than provided: providing a
 * service costs a copy of the fiber's context, and the caller merges it
 * with what else it provides in one copy.
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
