/**
 * `Stream.mapEffect(f, { concurrency })` with long-lived workers: the
 * built-in forks a fiber and completes a deferred per element, which cost 2
 * to 5 times the pool's throughput over loopback (bench/README.md).
 * `concurrency` workers take elements from one shared pull of the input and
 * store results in a ring of `window` slots; the consumer takes the run at
 * the ring's head, so results leave in input order and a slow element holds
 * up the output, not the workers, until they are `window` elements past it.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

type Resume = (effect: Effect.Effect<void>) => void

// Fibers parked until `wakeAll`, on plain callbacks rather than Deferreds
// (about 2 KB each: the pool parks on every pull and every read).
const park = (waiters: Array<Resume>): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    waiters.push(resume)
  })

const wakeAll = (waiters: Array<Resume>): void => {
  if (waiters.length === 0) return
  const woken = waiters.splice(0)
  for (const resume of woken) resume(Effect.void)
}

/** @internal */
export const mapOrdered = <A, B, E, R>(
  self: Stream.Stream<A, E, R>,
  f: (a: A, index: number) => Effect.Effect<B>,
  options: {
    readonly concurrency: number
    readonly window: number
    /**
     * How many results may wait before the consumer is woken without waiting
     * for the I/O already due. Default: a quarter of the window, at most 256.
     */
    readonly eager?: number | undefined
    /** Once true, no further element is handed to a worker: the input ends there. */
    readonly halted?: (() => boolean) | undefined
  }
): Stream.Stream<B, E, R> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    // Workers are plain `Effect<void>`: the input's requirements are
    // provided to its pull, once per chunk.
    const pull = Effect.provide(yield* Stream.toPull(self), yield* Effect.context<R>())
    const concurrency = Math.max(1, options.concurrency)
    const window = Math.max(concurrency, options.window)
    const eager = Math.max(1, options.eager ?? Math.min(256, Math.ceil(window / 4)))
    const halted = options.halted

    // Plain state: each read-modify-write below happens within one
    // synchronous step of one fiber, so fibers cannot interleave inside it.
    let chunk: Chunk.Chunk<A> = Chunk.empty()
    let position = 0
    let taken = 0 // index of the next element to hand to a worker
    let collected = 0 // results before this index have gone downstream
    let unread = 0 // results stored since the consumer's last read
    let inputEnd: Cause.Cause<Option.Option<E>> | undefined
    let workersEnd: Exit.Exit<void> | undefined
    let pulling = false
    const pullWaiters: Array<Resume> = [] // workers waiting for another's pull
    const roomWaiters: Array<Resume> = [] // workers `window` ahead of the consumer
    let consumer: Resume | undefined // the consumer, parked for a result
    let consumerTimer: ReturnType<typeof setImmediate> | undefined
    let consumerDue = false // woken early, and not yet run
    // Elements taken but not yet picked up by their worker (a fiber may yield
    // between `next` and its continuation, so nothing passes through a shared
    // variable), and results not yet collected, by index modulo the window.
    const inputs: Array<A | undefined> = new Array(window)
    const results: Array<B | undefined> = new Array(window)
    const filled = new Uint8Array(window)

    const resumeConsumer = (): void => {
      if (consumerTimer !== undefined) {
        clearImmediate(consumerTimer)
        consumerTimer = undefined
      }
      const resume = consumer
      consumer = undefined
      resume?.(Effect.void)
    }
    // On close, no `setImmediate` is left pending; a consumer parked then was
    // interrupted, and the runtime ignores its resume.
    yield* Effect.addFinalizer(() => Effect.sync(resumeConsumer))

    // Once the head of the ring is there, the consumer collects after the
    // I/O already due (`setImmediate`), so that responses arriving together
    // leave as one chunk; with `eager` results waiting it is woken at once,
    // so that results do not outlive V8's young generation in memory.
    const stored = (): void => {
      unread++
      if (consumer === undefined || filled[collected % window] === 0) return
      if (unread >= eager || typeof setImmediate !== "function") {
        consumerDue = true
        resumeConsumer()
      } else {
        consumerTimer ??= setImmediate(resumeConsumer)
      }
    }

    // The index of the worker's next element, or undefined at the end; a
    // worker that finds the consumer woken early lets it run first.
    const next: Effect.Effect<number | undefined> = Effect.suspend(() =>
      consumerDue ? Effect.zipRight(Effect.yieldNow(), take) : take
    )
    const take: Effect.Effect<number | undefined> = Effect.suspend(() => {
      if (halted !== undefined && halted()) return Effect.succeed(undefined)
      if (taken - collected >= window) return Effect.zipRight(park(roomWaiters), next)
      if (position < chunk.length) {
        inputs[taken % window] = Chunk.unsafeGet(chunk, position++)
        return Effect.succeed(taken++)
      }
      if (inputEnd !== undefined) return Effect.succeed(undefined)
      if (pulling) return Effect.zipRight(park(pullWaiters), next)
      pulling = true
      return Effect.zipRight(
        Effect.map(Effect.exit(pull), (exit) => {
          if (Exit.isSuccess(exit)) {
            chunk = exit.value
            position = 0
          } else {
            inputEnd = exit.cause
          }
          pulling = false
          wakeAll(pullWaiters)
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
        stored()
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
        resumeConsumer()
      }),
      Effect.forkScoped
    )

    // The consumer takes the contiguous run at the head of the ring, up to
    // the ring's end, as a `slice`: V8 had pretenured an array literal here
    // as it had the outcomes (internal/outcome.ts).
    const read: Effect.Effect<Chunk.Chunk<B>, Option.Option<E>> = Effect.suspend(() => {
      consumerDue = false
      const start = collected % window
      if (filled[start] === 1) {
        let end = start + 1
        while (end < window && filled[end] === 1) end++
        // Every slot in [start, end) is filled, so the run holds only `B`s.
        const run = results.slice(start, end) as Array<B>
        results.fill(undefined, start, end)
        filled.fill(0, start, end)
        collected += end - start
        unread = 0
        wakeAll(roomWaiters)
        return Effect.succeed(Chunk.unsafeFromArray(run))
      }
      if (workersEnd !== undefined) {
        // A worker's defect, or the input's end as its pull reported it: a
        // failure with None when it simply ended, Some with its error, or a
        // defect.
        return Effect.failCause(Exit.isFailure(workersEnd) ? workersEnd.cause : inputEnd ?? Cause.fail(Option.none()))
      }
      return Effect.zipRight(
        Effect.async<void>((resume) => {
          consumer = resume
        }),
        read
      )
    })
    return Stream.repeatEffectChunkOption(read)
  }))
