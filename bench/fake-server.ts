/**
 * The fake Adapty server for the erasure benchmark, in its own process:
 * `node fake-server.mjs <profiles> [probability]`, where a request is
 * answered 503 with that probability (the live layer then waits out a
 * backoff and retries it).
 */
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"

const count = Number(process.argv[2])
const faultProbability = Number(process.argv[3] ?? 0)
const Server = FakeAdaptyServer.layer({ apiKey: Redacted.make("bench-key") }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({
    profiles: Array.from({ length: count }, (_, i) => ({ profileId: `user-${i}` })),
    recordRequests: false
  })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
Effect.runFork(Effect.gen(function*() {
  if (faultProbability > 0) {
    const faults = yield* FakeAdaptyServer.Faults
    yield* faults.random({ probability: faultProbability, faults: [{ _tag: "Status", status: 503 }], seed: 1 })
  }
  process.stdout.write(`${yield* FakeAdaptyServer.url}\n`)
  return yield* Effect.never
}).pipe(Effect.provide(Server)))
