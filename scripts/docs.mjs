// `pnpm run docs` (plain `pnpm docs` is pnpm's own command): reference documentation from the JSDoc with @effect/docgen,
// per package, into packages/*/docs. docgen also typechecks every @example
// block: a failing example fails the command (and CI).
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { packages } from "./packages.mjs"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const docgen = Path.join(root, "node_modules", ".bin", "docgen")
for (const name of packages) {
  console.log(`== docs for @effect-adapty/${name}`)
  // docgen spawns `tsc` and `tsx` from PATH.
  const env = { ...process.env, PATH: `${Path.join(root, "node_modules", ".bin")}${Path.delimiter}${process.env.PATH}` }
  // docgen requires a `homepage` in package.json for its links, and there is
  // no public page yet: for the run only, the repository's README, restored
  // afterwards however the run ends.
  const manifest = Path.join(root, "packages", name, "package.json")
  const original = Fs.readFileSync(manifest, "utf8")
  try {
    Fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(original), homepage: "../../README.md" }, null, 2) + "\n")
    execFileSync(docgen, [], { cwd: Path.join(root, "packages", name), stdio: "inherit", env })
  } finally {
    Fs.writeFileSync(manifest, original)
  }
}
