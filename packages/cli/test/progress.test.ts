import { assert, describe, it } from "@effect/vitest"
import * as Erase from "../src/Erase.js"
import * as Progress from "../src/Progress.js"

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
