import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../observability.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url))

describe("examples/observability.ts", () => {
  it.live("prints the spans, the retry lines and the metrics, and no identifier", () =>
    Effect.async<void>((resume) => {
      execFile(tsx, [script], { timeout: 60_000 }, (error, stdout) => {
        resume(Effect.sync(() => {
          assert.isNull(error)
          const spans = stdout.split("\n").filter((line) => line.startsWith("span "))
          assert.strictEqual(spans.length, 3)
          assert.include(spans[0]!, "adapty.outcome=deleted")
          assert.include(spans[0]!, "adapty.attempts=3")
          assert.include(spans[1]!, "adapty.outcome=not_found")
          assert.include(spans[2]!, "adapty.outcome=invalid")
          assert.strictEqual(stdout.split("retrying").length - 1, 2)
          assert.include(stdout, "adapty_delete_profile_calls_total{outcome=deleted} 1")
          for (const id of ["u-1", "p-1", "p-2"]) assert.notInclude(spans.join("\n"), id)
        }))
      })
    }))
})
