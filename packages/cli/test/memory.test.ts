import { InMemoryProfiles } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { fakeServer, readJson, runCli, tempDir } from "./helpers.js"

const maxRss = fileURLToPath(new URL("./fixtures/max-rss.mjs", import.meta.url))
const invalidLines = 600_000
/**
 * Measured with a 256 MB heap: 195 MB (dry run) and 294 MB (real run) for
 * 600,000 invalid lines, the same as for far fewer; before the report was
 * streamed, 586 MB for the dry run, and the real run ran out of heap.
 */
const boundKb = 400 * 1024

const peakKb = (stderr: string): number => {
  const match = /max-rss-kb (\d+)/.exec(stderr)
  assert.isNotNull(match, stderr)
  return Number(match![1])
}

describe("effect-adapty erase: memory stays flat with the number of problems", () => {
  it.live(`${invalidLines} invalid lines, dry run and real run: peak RSS under ${boundKb / 1024} MB, the report complete and in line order`, () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "ids.txt")
      const lines: Array<string> = []
      for (let i = 0; i < invalidLines; i++) lines.push(` bad-${i}`)
      Fs.writeFileSync(file, lines.join("\n") + "\n")
      for (const mode of ["--dry-run", "--yes"]) {
        const report = Path.join(dir, `report${mode}.json`)
        const result = yield* runCli(["erase", file, "--by", "profile-id", mode, "--report", report], {
          nodeArgs: ["--max-old-space-size=256", "--import", maxRss]
        })
        assert.strictEqual(result.code, 1, `${mode}: ${result.stderr.slice(-2000)}`)
        const peak = peakKb(result.stderr)
        assert.isBelow(peak, boundKb, `${mode}: peak RSS ${Math.round(peak / 1024)} MB`)
        const written = readJson(report)
        assert.strictEqual(written.totals.invalid, invalidLines)
        assert.strictEqual(written.problems.length, invalidLines)
        assert.isTrue(
          written.problems.every((p: { line: number }, i: number) => p.line === i + 1),
          "every problem, in line order"
        )
        Fs.rmSync(report)
      }
      assert.deepStrictEqual(yield* (yield* InMemoryProfiles).requests, [])
    }).pipe(Effect.provide(fakeServer([]))))
})
