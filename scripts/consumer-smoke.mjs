// `pnpm consumer-smoke`: installs the packed tarballs (.packed/, from
// `pnpm check-packages`) with plain npm into fresh Effect 3 applications in
// temporary folders outside the workspace: one on the lowest versions the
// libraries accept (effect 3.22.2, @effect/platform 0.97.2) and one on the
// workspace's own. In each: one copy of effect and of @effect/platform
// (`npm ls`), a typecheck with moduleResolution NodeNext and Bundler, a
// program that deletes a profile through the live layer against the fake
// server, a vitest test on the in-memory layer with the published
// conformance suite, and a CommonJS require; no run may print Effect's
// warning about mixed versions.
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
// The lowest versions the peerDependencies allow (pnpm-workspace.yaml, catalog "peer").
const lowest = { effect: "3.22.2", "@effect/platform": "0.97.2" }

// The application's own files, the same in every app.
const files = {
  "src/program.ts": `import { ProfileService } from "@effect-adapty/core"
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
`,
  "test/inMemory.test.ts": `import { ProfileService, ServerError } from "@effect-adapty/core"
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
`,
  "src/types.ts": `import { type ProfileLookup, ProfileService } from "@effect-adapty/core"

declare const maybe: string | undefined
export const valid: ReadonlyArray<ProfileLookup> = [{ customerUserId: "a" }, { profileId: "b" }]
// @ts-expect-error both keys
export const both: ProfileLookup = { customerUserId: "a", profileId: "b" }
// @ts-expect-error the other key, maybe undefined
export const withMaybe: ProfileLookup = { customerUserId: "a", profileId: maybe }
// @ts-expect-error through the service
export const call = ProfileService.deleteProfile({ customerUserId: "a", profileId: "b" })
`,
  "vitest.config.ts": `import { defineConfig } from "vitest/config"
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } })
`,
  "check.cjs": `const { ProfileService, ProfileLookup } = require("@effect-adapty/core")
const { HttpProfileService } = require("@effect-adapty/http")
const { InMemoryProfileService } = require("@effect-adapty/testing")
if (ProfileService.key !== "@effect-adapty/core/ProfileService" || !ProfileLookup || !HttpProfileService.layer || !InMemoryProfileService.layer) process.exit(1)
console.log("consumer: CommonJS require works")
`
}

// skipLibCheck as applications set it: the third-party declarations
// (@effect/rpc, platform-node-shared) need DOM and @types/ws otherwise. Our
// types are exercised by the code below and checked by attw.
const base = { strict: true, skipLibCheck: true, target: "ES2022", lib: ["ES2022"], types: ["node"] }
const tsconfigs = {
  "tsconfig.nodenext.json": {
    compilerOptions: { ...base, exactOptionalPropertyTypes: true, module: "NodeNext", moduleResolution: "NodeNext", outDir: "out", rootDir: "src" },
    include: ["src"]
  },
  "tsconfig.bundler.json": {
    compilerOptions: { ...base, exactOptionalPropertyTypes: true, module: "ESNext", moduleResolution: "Bundler", noEmit: true },
    include: ["src", "test"]
  },
  // Most applications do not set exactOptionalPropertyTypes: the lookup's
  // type must reject the wrong shapes there too.
  "tsconfig.loose.json": {
    compilerOptions: { ...base, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true },
    include: ["src"]
  }
}

const versionsIn = (app, name) => {
  const tree = JSON.parse(execFileSync("npm", ["ls", name, "--all", "--json"], { cwd: app, env, encoding: "utf8" }))
  const found = new Set()
  const walk = (node) => {
    for (const [dependency, child] of Object.entries(node.dependencies ?? {})) {
      if (dependency === name) found.add(child.version)
      walk(child)
    }
  }
  walk(tree)
  return found
}

// Run through pnpm, npm would inherit pnpm's npm_config_* settings (and warn
// about each): the consumer's npm sees only its own.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_config_")))

const smoke = (label, versions) => {
  const app = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-consumer-"))
  const write = (file, text) => {
    Fs.mkdirSync(Path.dirname(Path.join(app, file)), { recursive: true })
    Fs.writeFileSync(Path.join(app, file), text)
  }
  const run = (command, args) => execFileSync(command, args, { cwd: app, env, stdio: "inherit" })
  // What a run printed on stdout and stderr together, so that Effect's
  // warning about mixed versions (on stderr) cannot pass unseen.
  const output = (command) => {
    const text = execFileSync("sh", ["-c", `${command} 2>&1`], { cwd: app, env, encoding: "utf8" })
    process.stdout.write(text)
    if (/Executing an Effect versioned/.test(text)) throw new Error(`${label}: Effect warned about mixed versions`)
  }
  const version = (name) => versions[name] ?? catalog[name]
  const pin = (names) => Object.fromEntries(names.map((name) => [name, version(name)]))

  console.log(`\n== consumer app (${label}): ${app}`)
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
  for (const [file, text] of Object.entries(files)) write(file, text)
  for (const [file, config] of Object.entries(tsconfigs)) write(file, JSON.stringify(config, null, 2))

  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"])
  for (const name of ["effect", "@effect/platform"]) {
    const found = versionsIn(app, name)
    if (found.size !== 1 || !found.has(version(name))) {
      throw new Error(`${label}: expected one copy of ${name} ${version(name)}, found ${[...found].join(", ") || "none"}`)
    }
    console.log(`consumer: one copy of ${name}, ${version(name)}`)
  }
  // Go-to-definition lands in TypeScript source: every declaration map's
  // sources are in the installed package.
  for (const name of ["core", "http", "testing"]) {
    const dir = Path.join(app, "node_modules", "@effect-adapty", name, "dist")
    const maps = Fs.readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith(".d.ts.map"))
    if (maps.length === 0) throw new Error(`${label}: @effect-adapty/${name} ships no declaration maps`)
    for (const map of maps) {
      const file = Path.join(dir, String(map))
      for (const source of JSON.parse(Fs.readFileSync(file, "utf8")).sources) {
        if (!Fs.existsSync(Path.resolve(Path.dirname(file), source))) throw new Error(`${label}: ${map} points at a missing ${source}`)
      }
    }
  }
  const tsc = Path.join(app, "node_modules", ".bin", "tsc")
  for (const config of Object.keys(tsconfigs)) run(tsc, ["-p", config])
  output(`"${process.execPath}" out/program.js`)
  output(`"${process.execPath}" check.cjs`)
  output("./node_modules/.bin/vitest run")
  Fs.rmSync(app, { recursive: true, force: true })
  console.log(`consumer smoke test (${label}): passed`)
}

smoke("the lowest versions accepted: effect 3.22.2, @effect/platform 0.97.2", lowest)
smoke("the workspace's versions", {})
