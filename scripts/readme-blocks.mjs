// Part of `pnpm typecheck`: every ```ts block of README.md and of each
// packages/*/README.md, written as its own module under examples/.readme/
// (where the workspace's packages resolve) and typechecked with the
// project's strict options, so that what a reader copies compiles. Unused
// names are allowed: a snippet shows a program without running it.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const out = Path.join(root, "examples", ".readme")
const readmes = [
  "README.md",
  ...Fs.readdirSync(Path.join(root, "packages")).map((name) => Path.join("packages", name, "README.md"))
].filter((file) => Fs.existsSync(Path.join(root, file)))

Fs.rmSync(out, { recursive: true, force: true })
Fs.mkdirSync(out, { recursive: true })
let count = 0
for (const readme of readmes) {
  const lines = Fs.readFileSync(Path.join(root, readme), "utf8").split("\n")
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end].trim() !== "```") end++
    const code = lines.slice(start, end).join("\n")
    const name = `${readme.replace(/[/.]/g, "_")}_line${start + 1}.ts`
    // A line marker, so that an error points back to the README.
    Fs.writeFileSync(Path.join(out, name), `// ${readme}, line ${start + 1}\n${code}\nexport {}\n`)
    count++
    i = end
  }
}
Fs.writeFileSync(Path.join(out, "tsconfig.json"), JSON.stringify({
  extends: "../../tsconfig.base.json",
  compilerOptions: { noUnusedLocals: false, noUnusedParameters: false },
  include: ["*.ts"]
}, null, 2))
execFileSync(Path.join(root, "node_modules", ".bin", "tsc"), ["-p", Path.join(out, "tsconfig.json")], { stdio: "inherit" })
console.log(`README code blocks: ${count} typechecked`)
