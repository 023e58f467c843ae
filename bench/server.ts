/**
 * The benchmark's loopback server, in its own process so that it does not
 * share a CPU with the client being measured: answers a GET with the
 * OpenAPI file's example profile and everything else with 204, and prints
 * its port. It stops when its standard input closes.
 */
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

const profile = Fs.readFileSync(new URL("../profile.json", import.meta.url))

const server = Http.createServer((req, res) => {
  req.resume()
  req.on("end", () => {
    if (req.method === "GET") {
      res.writeHead(200, { "request-id": "bench", "content-type": "application/json", "content-length": profile.length })
      res.end(profile)
      return
    }
    res.writeHead(204, { "request-id": "bench" })
    res.end()
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
