import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../erase-demo.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url))

describe("examples/erase-demo.ts (pnpm demo)", () => {
  it.live("erases the sample, prints the report, and leaves nothing in the temporary folder", () =>
    Effect.acquireUseRelease(
      // The demo's temporary folder, as os.tmpdir() gives it, is one of the test's own.
      Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-demo-test-"))),
      (tmp) =>
        Effect.async<void>((resume) => {
          execFile(tsx, [script], { env: { ...process.env, TMPDIR: tmp }, timeout: 60_000 }, (error, stdout, stderr) => {
            resume(Effect.sync(() => {
              assert.isNull(error, stderr)
              assert.include(stdout, "erased 3040 of 3050: deleted 3000, not found 40, skipped 0 (already erased), invalid 10")
              const report = stdout.slice(stdout.indexOf("the report, "))
              assert.include(report, `"totals": {"deleted":3000,"notFound":40,"invalid":10,"failed":0,"skipped":0}`)
              assert.include(stdout, "is removed as the demo ends")
              // tsx keeps its compile cache there (tsx-<uid>): anything else is the demo's.
              assert.deepStrictEqual(Fs.readdirSync(tmp).filter((name) => !name.startsWith("tsx-")), [])
            }))
          })
        }),
      (tmp) => Effect.sync(() => Fs.rmSync(tmp, { recursive: true, force: true }))
    ))
})
