import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Duration, Effect, Exit, Fiber, Option, Stream, TestClock } from "effect"
import * as OrderedPool from "../src/internal/orderedPool.js"

const collect = <B, E>(stream: Stream.Stream<B, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("OrderedPool.mapOrdered", () => {
  it.effect("every element once, in input order, whatever order the calls end in", () =>
    Effect.gen(function*() {
      // Later elements finish first: element i sleeps (20 - i % 20) ms.
      const fiber = yield* OrderedPool.mapOrdered(
        Stream.range(0, 199).pipe(Stream.rechunk(7)),
        (i, index) => Effect.as(Effect.sleep(Duration.millis(20 - (i % 20))), `${i}@${index}`),
        { concurrency: 8, window: 16 }
      ).pipe(collect, Effect.fork)
      yield* TestClock.adjust(Duration.seconds(10))
      const out = yield* Fiber.join(fiber)
      assert.deepStrictEqual(out, Array.from({ length: 200 }, (_, i) => `${i}@${i}`))
    }))

  it.effect("after the ring wraps, a slot is read only once its new result is there", () =>
    Effect.gen(function*() {
      // A window of 4: elements 4 to 7 reuse the slots of 0 to 3, and 7 is
      // slow, so the consumer finds 4, 5 and 6 ready and must stop before 7.
      const fiber = yield* OrderedPool.mapOrdered(
        Stream.range(0, 11),
        (i) => Effect.as(Effect.sleep(Duration.millis(i === 7 ? 50 : 1)), i),
        { concurrency: 4, window: 4 }
      ).pipe(collect, Effect.fork)
      yield* TestClock.adjust(Duration.seconds(1))
      assert.deepStrictEqual(yield* Fiber.join(fiber), Array.from({ length: 12 }, (_, i) => i))
    }))

  it.effect("an empty input is an empty output", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* collect(OrderedPool.mapOrdered(Stream.empty, Effect.succeed, { concurrency: 4, window: 8 })), [])
    }))

  it.effect("no more than `concurrency` calls at once, and no call more than `window` ahead of the oldest", () =>
    Effect.gen(function*() {
      let running = 0
      let maxRunning = 0
      let startedWhileFirstRan = 0
      let firstDone = false
      const fiber = yield* OrderedPool.mapOrdered(
        Stream.range(0, 999),
        (i) =>
          Effect.suspend(() => {
            running++
            maxRunning = Math.max(maxRunning, running)
            if (!firstDone && i > 0) startedWhileFirstRan = Math.max(startedWhileFirstRan, i)
            // The first element is slow; every other is quick.
            return Effect.sleep(Duration.millis(i === 0 ? 1_000 : 1)).pipe(
              Effect.ensuring(Effect.sync(() => {
                running--
                if (i === 0) firstDone = true
              })),
              Effect.as(i)
            )
          }),
        { concurrency: 4, window: 32 }
      ).pipe(collect, Effect.fork)
      yield* TestClock.adjust(Duration.seconds(5))
      const out = yield* Fiber.join(fiber)
      assert.strictEqual(out.length, 1_000)
      assert.strictEqual(maxRunning, 4)
      // The others went on while the first was slow, up to the window and no further.
      assert.strictEqual(startedWhileFirstRan, 31)
    }))

  it.effect("the input's error comes after the results of every element taken before it", () =>
    Effect.gen(function*() {
      const input = Stream.concat(Stream.range(0, 9), Stream.fail("broken input" as const))
      const seen: Array<number> = []
      const exit = yield* OrderedPool.mapOrdered(input, (i) => Effect.succeed(i), { concurrency: 3, window: 8 }).pipe(
        Stream.runForEach((i) => Effect.sync(() => void seen.push(i))),
        Effect.exit
      )
      assert.deepStrictEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      assert.deepStrictEqual(exit, Exit.fail("broken input"))
    }))

  it.effect("a defect in a call is a defect of the stream, not a hang", () =>
    Effect.gen(function*() {
      const exit = yield* OrderedPool.mapOrdered(
        Stream.range(0, 99),
        (i) => i === 42 ? Effect.dieMessage("boom") : Effect.succeed(i),
        { concurrency: 4, window: 16 }
      ).pipe(Stream.runDrain, Effect.exit)
      assert.isTrue(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause)))
    }))

  it.effect("a consumer that stops early interrupts the calls in flight and pulls no further", () =>
    Effect.gen(function*() {
      let started = 0
      let interrupted = 0
      const out = yield* OrderedPool.mapOrdered(
        Stream.range(0, 9_999).pipe(Stream.rechunk(10)),
        (i) =>
          Effect.suspend(() => {
            started++
            return Effect.sleep(Duration.millis(i < 5 ? 0 : 1_000)).pipe(
              Effect.onInterrupt(() => Effect.sync(() => void interrupted++)),
              Effect.as(i)
            )
          }),
        { concurrency: 4, window: 16 }
      ).pipe(Stream.take(3), collect)
      assert.deepStrictEqual(out, [0, 1, 2])
      assert.isAtMost(started, 16)
      assert.strictEqual(interrupted, started - 5)
    }))

  it.effect("when calls never wait, results leave every `eager` or so, not once the window is full", () =>
    Effect.gen(function*() {
      // On the in-memory layer the workers never give way to I/O; results
      // held until the window fills outlive V8's young generation.
      const sizes: Array<number> = []
      yield* OrderedPool.mapOrdered(Stream.range(0, 49_999), (i) => Effect.succeed(i), {
        concurrency: 16,
        window: 16_384,
        eager: 256
      }).pipe(
        Stream.mapChunks((chunk) => {
          sizes.push(chunk.length)
          return chunk
        }),
        Stream.runDrain
      )
      assert.strictEqual(sizes.reduce((a, b) => a + b, 0), 50_000)
      // 256, plus at most one more from each worker before it gives way.
      assert.isAtMost(Math.max(...sizes), 256 + 16)
    }))
})
