/**
 * A fake Adapty server on loopback, for trying the CLI or your own code by
 * hand:
 *
 *   pnpm fake-server [--profiles N] [--port P] [--api-key KEY]
 *
 * It seeds N profiles (customer user ids user-0..user-N-1, profile ids
 * profile-0..), prints its base URL, and serves until interrupted.
 */
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    profiles: { type: "string", default: "1000" },
    port: { type: "string", default: "0" },
    "api-key": { type: "string", default: "fake-key" }
  }
})
const count = Number(values.profiles)

const Server = FakeAdaptyServer.layer({ apiKey: Redacted.make(values["api-key"]) }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({
    profiles: Array.from({ length: count }, (_, i) => ({ profileId: `profile-${i}`, customerUserId: `user-${i}` }))
  })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: Number(values.port), host: "127.0.0.1" }))
)

NodeRuntime.runMain(
  Effect.gen(function*() {
    const url = yield* FakeAdaptyServer.url
    yield* Console.log(`fake Adapty server at ${url} with ${count} profiles; API key "${values["api-key"]}"`)
    yield* Console.log(`try: ADAPTY_API_KEY=${values["api-key"]} ADAPTY_BASE_URL=${url} pnpm -s cli erase ids.txt --by customer-user-id --dry-run  (and: echo user-0 | ... pnpm -s cli delete --customer-user-id -)`)
    return yield* Effect.never
  }).pipe(Effect.provide(Server))
)
