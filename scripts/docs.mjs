// `pnpm run docs` (plain `pnpm docs` is pnpm's own command): reference documentation from the JSDoc with @effect/docgen,
// per package, into packages/*/docs. docgen also typechecks every @example
// block: a failing example fails the command (and CI).
import { execFileSync } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { packages } from "./packages.mjs"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const docgen = Path.join(root, "node_modules", ".bin", "docgen")
for (const name of packages) {
  console.log(`== docs for @effect-adapty/${name}`)
  // docgen spawns `tsc` and `tsx` from PATH.
  const env = { ...process.env, PATH: `${Path.join(root, "node_modules", ".bin")}${Path.delimiter}${process.env.PATH}` }
  execFileSync(docgen, [], { cwd: Path.join(root, "packages", name), stdio: "inherit", env })
}
