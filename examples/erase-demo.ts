/**
 * The erasure demo, with nothing to set up:
 *
 *   pnpm demo
 *
 * It starts the fake Adapty server in-process with generated profiles,
 * writes a sample input (with a few unknown and a few malformed
 * identifiers), and erases it with `effect-adapty erase`, the same command a
 * user runs, ending with the summary and the report. Its files (the input,
 * the journal, the report) are in a temporary folder that is removed when
 * the demo ends, however it ends: the report is printed before.
 */
import { Cli } from "@effect-adapty/cli"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { ConfigProvider, Console, Effect, Exit, Layer, Redacted } from "effect"
import { createServer } from "node:http"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"

const profiles = 3_000
const unknown = 40
const malformed = 10

const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make("demo-key") }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({
    profiles: Array.from({ length: profiles }, (_, i) => ({
      profileId: `demo-profile-${i}`,
      customerUserId: `demo-user-${i}`
    }))
  })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

export const main = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const baseUrl = yield* FakeAdaptyServer.url
  // A demo leaves nothing behind: what a user would keep, the report, is printed.
  const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-adapty-demo-" })
  const input = Path.join(dir, "users.txt")
  const lines: Array<string> = []
  for (let i = 0; i < profiles; i++) lines.push(`demo-user-${i}`)
  for (let i = 0; i < unknown; i++) lines.splice(i * 70 + 5, 0, `unknown-user-${i}`)
  for (let i = 0; i < malformed; i++) lines.splice(i * 300 + 11, 0, i % 2 === 0 ? ` padded-user-${i}` : `user-é-${i}`)
  yield* fs.writeFileString(input, `${lines.join("\n")}\n`)
  yield* Console.log(
    `demo: a fake Adapty server at ${baseUrl} holds ${profiles} profiles; ${input} lists them, ` +
      `plus ${unknown} unknown and ${malformed} malformed identifiers`
  )
  const report = Path.join(dir, "report.json")
  const argv = ["node", "effect-adapty", "erase", input, "--by", "customer-user-id", "--concurrency", "16", "--yes", "--report", report]
  yield* Console.log(`demo: effect-adapty ${argv.slice(2).join(" ")}`)
  const code = yield* Cli.run(argv).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ADAPTY_API_KEY", "demo-key"], ["ADAPTY_BASE_URL", baseUrl]])))
  )
  const remaining = yield* Effect.flatMap(InMemoryProfiles, (store) => store.remaining)
  yield* Console.log(`demo: the fake server now holds ${remaining.length} profiles; the report, ${report}:`)
  yield* Console.log(yield* fs.readFileString(report))
  yield* Console.log(`demo: ${dir} (the input, the journal and the report) is removed as the demo ends`)
  // The malformed lines make the erasure exit 1, as a real run would; the demo itself succeeded.
  return code === 1 && remaining.length === 0 ? 0 : 1
}).pipe(Effect.scoped, Effect.provide(Fake), Effect.provide(NodeContext.layer))

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main, {
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) && typeof exit.value === "number" ? exit.value : 1)
  })
}
