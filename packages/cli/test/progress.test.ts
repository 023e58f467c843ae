import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import * as Erase from "../src/Erase.js"
import * as Progress from "../src/Progress.js"

/** Runs `self` with what it prints on standard error collected in `printed`. */
const collectingStderr = <A, E, R>(self: (printed: ReadonlyArray<string>) => Effect.Effect<A, E, R>) => {
  const printed: Array<string> = []
  return Effect.consoleWith((console) =>
    Effect.withConsole(self(printed), {
      ...console,
      error: (...args) => Effect.sync(() => void printed.push(args.join(" ")))
    })
  )
}

describe("Progress, timed by the Clock", () => {
  it.scoped("without a terminal: a line every interval, with the rate and ETA of the Clock's time; none after stop", () =>
    collectingStderr((printed) =>
      Effect.gen(function*() {
        const progress = yield* Progress.make({ total: 100, terminal: false, intervalMillis: 5000 })
        progress.tick({ ...Progress.emptyCounts(), deleted: 8, not_found: 2 })
        yield* TestClock.adjust("4999 millis")
        assert.deepStrictEqual(printed, [])
        yield* TestClock.adjust("1 millis")
        assert.deepStrictEqual(printed, [
          "progress: 10/100 done, 2/s, ETA 45s (deleted 8, not found 2, invalid 0, failed 0)"
        ])
        yield* progress.stop
        yield* TestClock.adjust("1 minute")
        assert.strictEqual(printed.length, 1)
      })
    ))

  it.scoped("a pause is announced at once, and counted down on the Clock in the lines after it", () =>
    collectingStderr((printed) =>
      Effect.gen(function*() {
        const progress = yield* Progress.make({ total: undefined, terminal: false, intervalMillis: 5000 })
        yield* progress.pause(Duration.seconds(90))
        assert.deepStrictEqual(printed, ["progress: rate limited by Adapty, resuming in 1m30s"])
        yield* TestClock.adjust("5 seconds")
        assert.strictEqual(
          printed[1],
          "progress: 0 done, 0/s (deleted 0, not found 0, invalid 0, failed 0) (rate limited by Adapty, resuming in 1m25s)"
        )
        yield* TestClock.adjust("90 seconds")
        assert.notInclude(printed.at(-1), "rate limited")
      })
    ))
})

describe("Progress.Counts, in core's outcome vocabulary", () => {
  it("done, erased and the summary line count every outcome kind, and skipped lines as erased", () => {
    const counts: Progress.Counts = { deleted: 1, not_found: 2, invalid: 4, failed: 8, skipped: 16 }
    assert.strictEqual(Progress.done(counts), 15)
    assert.strictEqual(Progress.erased(counts), 19)
    assert.strictEqual(
      Erase.summaryLine(counts),
      "erased 19 of 31: deleted 1, not found 2, skipped 16 (already erased), invalid 4, failed 8"
    )
  })
})
