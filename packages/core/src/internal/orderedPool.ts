/**
 * `Stream.mapEffect(f, { concurrency })` with long-lived workers.
 *
 * The built-in forks a fiber and allocates a deferred per element: measured
 * here at 140-350 µs an element, several times a call on the in-memory
 * layer. Working in batches through `Effect.forEach` was cheaper but made
 * every batch wait for its slowest call.
 *
 * Here `concurrency` workers each take the next element from one shared pull
 * of the input, run `f`, and put the result in a ring of `window` slots; the
 * consumer takes the contiguous run of results at the head of the ring
 * whenever it pulls. Results come out in input order, no worker ever waits
 * for another's call unless it is `window` elements ahead of the oldest
 * result not yet taken, and what is held at once is bounded by one input
 * chunk, the window and the run being read, whatever the input's length.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** @internal */
export const mapOrdered = <A, B, E, R>(
  self: Stream.Stream<A, E, R>,
  f: (a: A, index: number) => Effect.Effect<B>,
  options: { readonly concurrency: number; readonly window: number }
): Stream.Stream<B, E, R> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    // Workers are plain `Effect<void>`: the input's requirements are
    // provided to its pull, once per chunk.
    const pull = Effect.provide(yield* Stream.toPull(self), yield* Effect.context<R>())
    const concurrency = Math.max(1, options.concurrency)
    const window = Math.max(concurrency, options.window)

    // Plain state: each read-modify-write below happens within one
    // synchronous step of one fiber, so fibers cannot interleave inside it.
    let chunk: Chunk.Chunk<A> = Chunk.empty()
    let position = 0
    let taken = 0 // index of the next element to hand to a worker
    let collected = 0 // results before this index have gone downstream
    let inputEnd: Cause.Cause<Option.Option<E>> | undefined
    let workersEnd: Exit.Exit<void> | undefined
    let pulling: Deferred.Deferred<void> | undefined
    let progress: Deferred.Deferred<void> | undefined // workers waiting for room
    let ready: Deferred.Deferred<void> | undefined // the consumer waiting for a result
    // Elements taken but not yet picked up by their worker (a fiber may yield
    // between `next` and its continuation, so nothing passes through a shared
    // variable), and results not yet collected, by index modulo the window.
    const inputs: Array<A | undefined> = new Array(window)
    const results: Array<B | undefined> = new Array(window)
    const filled = new Uint8Array(window)

    const wake = (deferred: Deferred.Deferred<void> | undefined): undefined => {
      if (deferred !== undefined) Deferred.unsafeDone(deferred, Exit.void)
      return undefined
    }

    // The index of the worker's next element, or undefined at the end.
    const next: Effect.Effect<number | undefined> = Effect.suspend(() => {
      if (taken - collected >= window) {
        progress ??= Deferred.unsafeMake(FiberId.none)
        return Effect.zipRight(Deferred.await(progress), next)
      }
      if (position < chunk.length) {
        inputs[taken % window] = Chunk.unsafeGet(chunk, position++)
        return Effect.succeed(taken++)
      }
      if (inputEnd !== undefined) return Effect.succeed(undefined)
      if (pulling !== undefined) return Effect.zipRight(Deferred.await(pulling), next)
      pulling = Deferred.unsafeMake<void>(FiberId.none)
      return Effect.zipRight(
        Effect.map(Effect.exit(pull), (exit) => {
          if (Exit.isSuccess(exit)) {
            chunk = exit.value
            position = 0
          } else {
            inputEnd = exit.cause
          }
          pulling = wake(pulling)
        }),
        next
      )
    })

    const worker: Effect.Effect<void> = Effect.flatMap(next, (index) => {
      if (index === undefined) return Effect.void
      const slot = index % window
      const input = inputs[slot] as A
      inputs[slot] = undefined
      return Effect.flatMap(f(input, index), (result) => {
        results[slot] = result
        filled[slot] = 1
        if (index === collected) ready = wake(ready)
        return worker
      })
    })

    yield* Effect.all(Array.from({ length: concurrency }, () => worker), {
      concurrency: "unbounded",
      discard: true
    }).pipe(
      Effect.exit,
      Effect.map((exit) => {
        workersEnd = exit
        ready = wake(ready)
      }),
      Effect.forkScoped
    )

    // The consumer takes the whole contiguous run at the head of the ring.
    // When it has to wait, it lets every other ready fiber run first, so that
    // results that arrive together leave together: one chunk through the
    // stream costs more than one result's bookkeeping.
    const read: Effect.Effect<Chunk.Chunk<B>, Option.Option<E>> = Effect.suspend(() => {
      if (filled[collected % window] === 1) {
        const run: Array<B> = []
        do {
          const slot = collected % window
          run.push(results[slot] as B)
          results[slot] = undefined
          filled[slot] = 0
          collected++
        } while (filled[collected % window] === 1)
        progress = wake(progress)
        return Effect.succeed(Chunk.unsafeFromArray(run))
      }
      if (workersEnd !== undefined) {
        // A worker's defect, or the input's end as its pull reported it: a
        // failure with None when it simply ended, Some with its error, or a
        // defect.
        return Effect.failCause(Exit.isFailure(workersEnd) ? workersEnd.cause : inputEnd ?? Cause.fail(Option.none()))
      }
      ready ??= Deferred.unsafeMake(FiberId.none)
      return Deferred.await(ready).pipe(Effect.zipRight(afterPendingIo), Effect.zipRight(read))
    })
    return Stream.repeatEffectChunkOption(read)
  }))

// Resumes after the I/O callbacks that are already due (Node runs
// `setImmediate` callbacks after the event loop's poll phase): responses
// that arrived together are then collected together. `Effect.yieldNow`
// would only wait for other fibers that are ready now, not for those whose
// responses are waiting in the same poll.
const afterPendingIo: Effect.Effect<void> = typeof setImmediate === "function"
  ? Effect.async<void>((resume) => {
    const handle = setImmediate(() => resume(Effect.void))
    return Effect.sync(() => clearImmediate(handle))
  })
  : Effect.yieldNow()
