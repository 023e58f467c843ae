/**
 * `pnpm bench`. Bundles the benchmark's entries with esbuild (our packages
 * inlined from source, third-party packages left to node_modules), then runs
 * them on plain `node`: no TypeScript loader in the processes measured, so
 * that peak RSS and import times are those of JavaScript, as users run it.
 */
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const here = Path.dirname(fileURLToPath(import.meta.url))
const entries = ["measure", "server", "fake-server", "erase", "import-http"]
await build({
  entryPoints: entries.map((name) => Path.join(here, `${name}.ts`)),
  outdir: Path.join(here, ".build"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["effect", "@effect/*", "undici"],
  logLevel: "warning"
})
const result = spawnSync(process.execPath, [Path.join(here, ".build", "measure.mjs")], { cwd: here, stdio: "inherit" })
process.exit(result.status ?? 1)
