// `pnpm check-packages`: builds, packs each package as it would be published
// (pnpm applies publishConfig and replaces catalog: and workspace:), and runs
// publint and @arethetypeswrong/cli on it. Leaves the tarballs in
// .packed/ for the consumer smoke test.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { packages } from "./packages.mjs"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const packed = Path.join(root, ".packed")
const bin = (name) => Path.join(root, "node_modules", ".bin", name)
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: "inherit" })

run(process.execPath, [Path.join(root, "scripts", "build.mjs")])
Fs.rmSync(packed, { recursive: true, force: true })
Fs.mkdirSync(packed)
let failed = false
for (const name of packages) {
  const dir = Path.join(root, "packages", name)
  run("npx", ["-y", "pnpm@10.34.9", "pack", "--pack-destination", packed], dir)
  const tarball = Fs.readdirSync(packed).find((file) => file.startsWith(`effect-adapty-${name}-`))
  console.log(`\n== publint @effect-adapty/${name}`)
  try {
    run(bin("publint"), ["run", Path.join(packed, tarball), "--strict"])
  } catch {
    failed = true
  }
  console.log(`\n== attw @effect-adapty/${name}`)
  try {
    run(bin("attw"), [Path.join(packed, tarball), "--format", "table-flipped"])
  } catch {
    failed = true
  }
}
if (failed) {
  console.error("\npublint or attw reported a problem")
  process.exit(1)
}
