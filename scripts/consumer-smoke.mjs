// `pnpm consumer-smoke`: installs the packed tarballs (.packed/, from
// `pnpm check-packages`) with plain npm into a fresh Effect 3 application in a
// temporary folder outside the workspace, typechecks it with moduleResolution
// NodeNext and Bundler, runs a program that deletes a profile through the
// live layer against the fake server, a vitest test on the in-memory layer,
// and a CommonJS require.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const packed = Path.join(root, ".packed")
const catalog = Object.fromEntries(
  [...Fs.readFileSync(Path.join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^  "?([@\w/.-]+)"?: ([\w.-]+)$/gm)]
    .map((m) => [m[1], m[2]])
)
const tarball = (name) => Path.join(packed, Fs.readdirSync(packed).find((f) => f.startsWith(`effect-adapty-${name}-`)))
const app = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-consumer-"))
const run = (command, args) => execFileSync(command, args, { cwd: app, stdio: "inherit" })
const write = (file, text) => {
  Fs.mkdirSync(Path.dirname(Path.join(app, file)), { recursive: true })
  Fs.writeFileSync(Path.join(app, file), text)
}

const pin = (names) => Object.fromEntries(names.map((name) => [name, catalog[name]]))
write("package.json", JSON.stringify({
  name: "effect-adapty-consumer",
  private: true,
  type: "module",
  dependencies: {
    "@effect-adapty/core": `file:${tarball("core")}`,
    "@effect-adapty/http": `file:${tarball("http")}`,
    "@effect-adapty/testing": `file:${tarball("testing")}`,
    ...pin(["effect", "@effect/platform", "@effect/platform-node", "@effect/cluster", "@effect/rpc", "@effect/sql"])
  },
  devDependencies: pin(["typescript", "vitest", "@effect/vitest", "@types/node"])
}, null, 2))

write("src/program.ts", `import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"

const apiKey = Redacted.make("consumer-key")
const Fake = FakeAdaptyServer.layer({ apiKey }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-1", customerUserId: "u-1" }] })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)
const program = Effect.gen(function*() {
  const baseUrl = yield* FakeAdaptyServer.url
  yield* ProfileService.deleteProfile({ customerUserId: "u-1" }).pipe(
    Effect.provide(HttpProfileService.layer({ apiKey, baseUrl }).pipe(Layer.provide(NodeHttpClient.layerUndici)))
  )
  const remaining = yield* Effect.flatMap(InMemoryProfiles, (store) => store.remaining)
  if (remaining.length !== 0) return yield* Effect.dieMessage("the profile is still there")
  const again = yield* Effect.flip(ProfileService.deleteProfile({ profileId: "p-1" }).pipe(
    Effect.provide(HttpProfileService.layer({ apiKey, baseUrl }).pipe(Layer.provide(NodeHttpClient.layerUndici)))
  ))
  if (again._tag !== "ProfileNotFound") return yield* Effect.dieMessage("expected ProfileNotFound")
  console.log("consumer: deleted through the live layer, then ProfileNotFound")
}).pipe(Effect.provide(Fake))

Effect.runPromise(program).then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
`)
write("test/inMemory.test.ts", `import { ProfileService, ServerError } from "@effect-adapty/core"
import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
import { suite } from "@effect-adapty/testing/ProfileServiceSuite"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

describe("a consumer's test on the in-memory layer", () => {
  it.effect("deletes, and fails when told to", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new ServerError({ status: 503 }))
      const error = yield* Effect.flip(ProfileService.deleteProfile({ profileId: "p-1" }))
      assert.strictEqual(error._tag, "ServerError")
      yield* ProfileService.deleteProfile({ profileId: "p-1" })
      assert.deepStrictEqual(yield* store.remaining, [])
    }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: [{ profileId: "p-1" }] }))))
})

suite("the published conformance suite, on the in-memory layer", InMemoryProfileService.layer())
`)
write("vitest.config.ts", `import { defineConfig } from "vitest/config"
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } })
`)
// skipLibCheck as applications set it: the third-party declarations
// (@effect/rpc, platform-node-shared) need DOM and @types/ws otherwise. Our
// types are exercised by the code below and checked by attw.
const base = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: true, target: "ES2022", lib: ["ES2022"], types: ["node"] }
write("tsconfig.nodenext.json", JSON.stringify({
  compilerOptions: { ...base, module: "NodeNext", moduleResolution: "NodeNext", outDir: "out", rootDir: "src" },
  include: ["src"]
}, null, 2))
write("tsconfig.bundler.json", JSON.stringify({
  compilerOptions: { ...base, module: "ESNext", moduleResolution: "Bundler", noEmit: true },
  include: ["src", "test"]
}, null, 2))
write("check.cjs", `const { ProfileService, ProfileLookup } = require("@effect-adapty/core")
const { HttpProfileService } = require("@effect-adapty/http")
const { InMemoryProfileService } = require("@effect-adapty/testing")
if (ProfileService.key !== "@effect-adapty/core/ProfileService" || !ProfileLookup || !HttpProfileService.layer || !InMemoryProfileService.layer) process.exit(1)
console.log("consumer: CommonJS require works")
`)

console.log(`consumer app: ${app}`)
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"])
run(Path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.bundler.json"])
run(Path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"])
run(process.execPath, ["out/program.js"])
run(process.execPath, ["check.cjs"])
run(Path.join(app, "node_modules", ".bin", "vitest"), ["run"])
Fs.rmSync(app, { recursive: true, force: true })
console.log("consumer smoke test: passed")
