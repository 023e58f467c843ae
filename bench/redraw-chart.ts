/** Redraws bench/results/latest.svg from bench/results/latest.json. */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { chart, type HttpResult } from "./chart.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const results = JSON.parse(Fs.readFileSync(Path.join(here, "results", "latest.json"), "utf8")) as {
  http: Array<HttpResult>
  machine: string
}
Fs.writeFileSync(Path.join(here, "results", "latest.svg"), chart(results.http, results.machine))
