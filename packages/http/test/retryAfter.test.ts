import { assert, describe, it } from "@effect/vitest"
import { Duration } from "effect"
import * as RetryAfter from "../src/internal/retryAfter.js"

const now = Date.UTC(2026, 10, 30, 12, 0, 0)
const seconds = (value: string) => {
  const parsed = RetryAfter.parse(value, now)
  return parsed === undefined ? undefined : Duration.toSeconds(parsed)
}

describe("Retry-After", () => {
  it("delay-seconds: digits only", () => {
    assert.strictEqual(seconds("0"), 0)
    assert.strictEqual(seconds("120"), 120)
    assert.strictEqual(seconds(" 7 "), 7)
    assert.strictEqual(seconds("999999"), 999999)
  })

  it("a header sent twice and joined by a comma: the longest of the delays", () => {
    assert.strictEqual(seconds("3600, 1"), 3600)
    assert.strictEqual(seconds("1, 5"), 5)
  })

  it("the three HTTP-date forms of RFC 9110, relative to now; a past date is no wait", () => {
    assert.strictEqual(seconds("Mon, 30 Nov 2026 12:01:00 GMT"), 60)
    assert.strictEqual(seconds("Monday, 30-Nov-26 12:02:00 GMT"), 120)
    assert.strictEqual(seconds("Mon Nov 30 12:00:30 2026"), 30)
    assert.strictEqual(seconds("Mon Dec  7 12:00:00 2026"), 7 * 86400)
    assert.strictEqual(seconds("Sun, 06 Nov 1994 08:49:37 GMT"), 0)
  })

  it("anything else is ignored, where Date.parse would find a date", () => {
    for (
      const value of [
        "1.5",
        "-5",
        "1,5",
        "+3",
        "1e3",
        "0x10",
        "soon",
        "",
        "2026-12-01T00:00:00Z",
        "Mon, 31 Feb 2026 00:00:00 GMT",
        "Mon, 30 Nov 2026 25:00:00 GMT",
        "Mon, 30 Nov 2026 12:01:00 UTC",
        "30 Nov 2026 12:01:00 GMT"
      ]
    ) {
      assert.isUndefined(seconds(value), value)
    }
    assert.isFalse(Number.isNaN(Date.parse("1,5")), "Date.parse reads it as a date")
  })
})
