import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { NodeHttpClient } from "@effect/platform-node"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as Http from "node:http"
import * as Fs from "node:fs"
const profile = Fs.readFileSync("/work/main/bench/profile.json")
const server = Http.createServer((req, res) => { req.resume(); req.on("end", () => {
  if (req.method === "GET") { res.writeHead(200, { "content-type": "application/json", "content-length": profile.length }); res.end(profile); return }
  res.writeHead(204); res.end() }) })
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
const port = (server.address() as any).port
const baseUrl = `http://127.0.0.1:${port}`
const url = `${baseUrl}/api/v2/server-side-api/profile/`
const headers = { authorization: "Api-Key k", "adapty-profile-id": "p" }
const rt = ManagedRuntime.make(HttpProfileService.layer({ apiKey: Redacted.make("k"), baseUrl }).pipe(Layer.provide(NodeHttpClient.layerUndici)))
const bare = ManagedRuntime.make(NodeHttpClient.layerUndici)
const N = Number(process.argv[2] ?? 3000), C = Number(process.argv[3] ?? 64)
const pool = async (one: () => Promise<unknown>) => { let n = 0; await Promise.all(Array.from({ length: C }, async () => { while (n < N) { n++; await one() } })) }
const variants: Record<string, () => Promise<void>> = {
  raw: () => pool(async () => { const r = await fetch(url, { headers }); await r.json() }),
  liveGet: () => rt.runPromise(Effect.forEach(Array.from({ length: N }), () => ProfileService.getProfile({ profileId: "p" }), { concurrency: C, discard: true })),
  liveDel: () => rt.runPromise(Effect.forEach(Array.from({ length: N }), () => ProfileService.deleteProfile({ profileId: "p" }), { concurrency: C, discard: true })),
  bareGetText: () => bare.runPromise(Effect.forEach(Array.from({ length: N }), () => Effect.flatMap(HttpClient.HttpClient, (c) => Effect.flatMap(c.execute(HttpClientRequest.get(url, { headers })), (r) => r.text)), { concurrency: C, discard: true })),
}
for (let round = 0; round < 4; round++) {
  const out: Array<string> = []
  for (const [name, f] of Object.entries(variants)) { const t = performance.now(); await f(); out.push(`${name} ${(N / ((performance.now() - t) / 1000)).toFixed(0)}`) }
  if (round > 0) console.log(out.join("  "))
}
await rt.dispose(); await bare.dispose(); server.close()
