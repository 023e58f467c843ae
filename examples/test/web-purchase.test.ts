import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../web-purchase.ts", import.meta.url))
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url))

describe("examples/web-purchase.ts", () => {
  it.live("syncs, survives a redelivery and a 503, refuses a long id without quoting it", () =>
    Effect.async<void>((resume) => {
      execFile(tsx, [script], { timeout: 60_000 }, (error, stdout, stderr) => {
        resume(Effect.sync(() => {
          assert.isNull(error, stderr)
          assert.deepStrictEqual(stdout.trim().split("\n"), [
            "first delivery: 200 synced: transaction recorded (profile created), access active",
            "redelivered: 200 synced: transaction recorded, access active",
            "subscriptions on the profile: 1",
            "renewal, Adapty down: 503 Adapty busy or unreachable (ServerError), retry after 30s; Stripe will redeliver",
            "renewal, redelivered: 200 synced: transaction recorded, access active",
            "an id too long: 400 rejected (InvalidInput): Transaction.storeTransactionId must be at most 50 characters long",
            "calls that reached Adapty for it: 0"
          ])
          assert.notInclude(stdout + stderr, "web-user-1")
        }))
      })
    }))
})
