/**
 * `pnpm bench`. Bundles the benchmark's entries with esbuild (our packages
 * inlined from source, third-party packages left to node_modules), then runs
 * them on plain `node`: no TypeScript loader in the processes measured, so
 * that peak RSS and import times are those of JavaScript, as users run it.
 */
import { build, type BuildOptions } from "esbuild"
import { spawnSync } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const here = Path.dirname(fileURLToPath(import.meta.url))
const options: BuildOptions = {
  outdir: Path.join(here, ".build"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["effect", "@effect/*", "undici"],
  logLevel: "warning"
}
await build({
  ...options,
  entryPoints: ["measure", "server", "fake-server", "import-http"].map((name) => Path.join(here, `${name}.ts`))
})
// Alone, and split at its dynamic imports: the in-memory run loads neither
// the HTTP modules nor the fake server's, so its peak RSS is not theirs.
await build({ ...options, entryPoints: [Path.join(here, "erase.ts")], splitting: true })
// The command line as users run it, from its bin.
await build({
  ...options,
  entryPoints: { cli: Path.join(here, "..", "packages", "cli", "src", "bin.ts") },
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
})
const result = spawnSync(process.execPath, [Path.join(here, ".build", "measure.mjs")], { cwd: here, stdio: "inherit" })
process.exit(result.status ?? 1)
