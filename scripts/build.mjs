// `pnpm build`: for each published package, ES modules (dist/esm), CommonJS
// (dist/cjs, marked by its own package.json) and declarations next to both.
// JavaScript is transpiled file by file with esbuild (no bundling: the
// package's own module graph is kept); declarations come from tsc, in
// dependency order, resolving sibling packages to their built declarations.
import { transform } from "esbuild"
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { packages } from "./packages.mjs"

const root = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..")
const tsc = Path.join(root, "node_modules", "typescript", "bin", "tsc")

const walk = (dir) =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(Path.join(dir, entry.name)) : [Path.join(dir, entry.name)]
  )

for (const name of packages) {
  const pkg = Path.join(root, "packages", name)
  const src = Path.join(pkg, "src")
  const dist = Path.join(pkg, "dist")
  Fs.rmSync(dist, { recursive: true, force: true })
  const files = walk(src).filter((file) => file.endsWith(".ts"))
  for (const file of files) {
    const code = Fs.readFileSync(file, "utf8")
    const relative = Path.relative(src, file).replace(/\.ts$/, ".js")
    for (const format of ["esm", "cjs"]) {
      const out = await transform(code, { loader: "ts", format, target: "node20", sourcefile: file })
      const target = Path.join(dist, format, relative)
      Fs.mkdirSync(Path.dirname(target), { recursive: true })
      Fs.writeFileSync(target, out.code)
    }
  }
  Fs.writeFileSync(Path.join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`)

  // Declarations: sibling packages resolve to what was just built for them.
  const paths = Object.fromEntries(
    packages.filter((other) => other !== name).map((other) => [
      `@effect-adapty/${other}`,
      [Path.join(root, "packages", other, "dist", "esm", "index.d.ts")]
    ])
  )
  const config = Path.join(pkg, "tsconfig.build.json")
  Fs.writeFileSync(config, JSON.stringify({
    extends: "../../tsconfig.base.json",
    compilerOptions: {
      noEmit: false,
      declaration: true,
      declarationMap: true,
      emitDeclarationOnly: true,
      rootDir: "src",
      outDir: "dist/esm",
      paths
    },
    include: ["src/**/*.ts"]
  }, null, 2))
  try {
    execFileSync(process.execPath, [tsc, "-p", config], { stdio: "inherit", cwd: pkg })
  } finally {
    Fs.rmSync(config)
  }
  // The maps point at ../../src from either folder: the same depth.
  for (const file of walk(Path.join(dist, "esm")).filter((f) => f.endsWith(".d.ts") || f.endsWith(".d.ts.map"))) {
    const target = Path.join(dist, "cjs", Path.relative(Path.join(dist, "esm"), file))
    Fs.mkdirSync(Path.dirname(target), { recursive: true })
    Fs.copyFileSync(file, target)
  }
  // Subpath exports for resolvers that ignore "exports" (node10): a stub
  // folder per subpath, as Effect's own packages ship.
  const manifest = JSON.parse(Fs.readFileSync(Path.join(pkg, "package.json"), "utf8"))
  for (const subpath of Object.keys(manifest.exports).filter((key) => key !== ".")) {
    const base = subpath.slice(2)
    const stub = Path.join(pkg, base)
    Fs.mkdirSync(stub, { recursive: true })
    Fs.writeFileSync(Path.join(stub, "package.json"), `${JSON.stringify({
      main: `../dist/cjs/${base}.js`,
      module: `../dist/esm/${base}.js`,
      types: `../dist/cjs/${base}.d.ts`,
      sideEffects: false
    }, null, 2)}\n`)
  }
  console.log(`built @effect-adapty/${name}: ${files.length} modules`)
}
