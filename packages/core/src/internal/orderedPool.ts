/**
 * `Stream.mapEffect(f, { concurrency })` with long-lived workers.
 *
 * The built-in forks a fiber and allocates a deferred per element: measured
 * here at 140-350 µs an element, several times a call on the in-memory
 * layer. Working in batches through `Effect.forEach` was cheaper but made
 * every batch wait for its slowest call, and a batch's outcomes lived long
 * enough to be promoted to V8's old space, which is what drove peak RSS.
 *
 * Here `concurrency` workers each take the next element from one shared pull
 * of the input, run `f`, and put the result in a ring of `window` slots; the
 * worker that completes the oldest pending element hands the contiguous run
 * of results downstream. Results come out in input order, no worker ever
 * waits for another's call unless it is `window` elements ahead of the
 * oldest one in flight, and what is held at once is bounded by one input
 * chunk, the window and one handed-over run, whatever the input's length.
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
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"

// What the consumer reads after the last run: the end, or why it ended early.
interface Done<E> {
  readonly _tag: "Done"
  readonly exit: Effect.Effect<never, Option.Option<E>>
}

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
    // One run waiting to be read is enough to keep the consumer busy; more
    // would only hold results longer.
    const out = yield* Queue.bounded<Chunk.Chunk<B> | Done<E>>(1)

    // Plain state: each read-modify-write below happens within one
    // synchronous step of one fiber, so workers cannot interleave inside it.
    let chunk: Chunk.Chunk<A> = Chunk.empty()
    let position = 0
    let taken = 0 // index of the next element to hand to a worker
    let collected = 0 // results before this index have left the ring
    let released = 0 // ... and have been handed downstream
    let inputEnd: Cause.Cause<Option.Option<E>> | undefined
    let pulling: Deferred.Deferred<void> | undefined
    let progress: Deferred.Deferred<void> | undefined
    let handingOver = false
    const results: Array<B | undefined> = new Array(window)
    const filled = new Uint8Array(window)

    const wait = (deferred: Deferred.Deferred<void>, then: Effect.Effect<number | undefined>) =>
      Effect.zipRight(Deferred.await(deferred), then)

    // Elements taken but not yet picked up by their worker: a fiber may yield
    // between `next` and its continuation, so nothing is passed in a shared
    // variable.
    const inputs: Array<A | undefined> = new Array(window)
    // The index of the next element for this worker (its element is in
    // `inputs`), or undefined at the end of the input.
    const next: Effect.Effect<number | undefined> = Effect.suspend(() => {
      if (taken - released >= window) {
        progress ??= Deferred.unsafeMake(FiberId.none)
        return wait(progress, next)
      }
      if (position < chunk.length) {
        inputs[taken % window] = Chunk.unsafeGet(chunk, position++)
        return Effect.succeed(taken++)
      }
      if (inputEnd !== undefined) return Effect.succeed(undefined)
      if (pulling !== undefined) return wait(pulling, next)
      const gate = Deferred.unsafeMake<void>(FiberId.none)
      pulling = gate
      return Effect.zipRight(
        Effect.exit(pull).pipe(Effect.map((exit) => {
          if (Exit.isSuccess(exit)) {
            chunk = exit.value
            position = 0
          } else {
            inputEnd = exit.cause
          }
          pulling = undefined
          Deferred.unsafeDone(gate, Exit.void)
        })),
        next
      )
    })

    // Hands the contiguous run of results at the head of the ring downstream,
    // or returns undefined when there is none to hand (or another worker is
    // handing one over and will come back for it): the common case, which
    // then costs no effect at all.
    const handOver = (): Effect.Effect<void> | undefined => {
      if (handingOver || filled[collected % window] === 0) return undefined
      handingOver = true
      const run: Array<B> = []
      while (filled[collected % window] === 1) {
        const slot = collected % window
        run.push(results[slot]!)
        results[slot] = undefined
        filled[slot] = 0
        collected++
      }
      return Effect.zipRight(
        Queue.offer(out, Chunk.unsafeFromArray(run)),
        Effect.suspend(() => {
          released = collected
          handingOver = false
          if (progress !== undefined) {
            Deferred.unsafeDone(progress, Exit.void)
            progress = undefined
          }
          return handOver() ?? Effect.void
        })
      )
    }

    const worker: Effect.Effect<void> = Effect.flatMap(next, (index) => {
      if (index === undefined) return Effect.void
      const slot = index % window
      const input = inputs[slot] as A
      inputs[slot] = undefined
      return Effect.flatMap(f(input, index), (result) => {
        results[slot] = result
        filled[slot] = 1
        const run = handOver()
        return run === undefined ? worker : Effect.zipRight(run, worker)
      })
    })

    yield* Effect.all(Array.from({ length: concurrency }, () => worker), {
      concurrency: "unbounded",
      discard: true
    }).pipe(
      Effect.zipRight(Effect.suspend(() => handOver() ?? Effect.void)),
      Effect.exit,
      // The input's end as its pull reported it (a failure with None when it
      // simply ended, Some with its error, or a defect), or a worker's defect.
      Effect.flatMap((exit) =>
        Queue.offer(out, { _tag: "Done", exit: Effect.failCause(Exit.isFailure(exit) ? exit.cause : inputEnd ?? Cause.fail(Option.none())) })
      ),
      Effect.forkScoped
    )

    const read: Effect.Effect<Chunk.Chunk<B>, Option.Option<E>> = Effect.flatMap(
      Queue.take(out),
      (item) => Chunk.isChunk(item) ? Effect.succeed(item) : item.exit
    )
    return Stream.repeatEffectChunkOption(read)
  }))
