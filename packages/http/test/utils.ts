import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

export const apiKey = "secret_live_TEST_KEY_do_not_leak_0123456789"

/** Every transport a user may pick; every live-layer test runs on each. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer", NodeHttpClient.layer]
]

/** Short delays: the policy is what is tested, not the defaults' patience. */
export const fastRetry = { times: 2, baseDelay: "5 millis", maxDelay: "50 millis" } as const

/** The fake server on 127.0.0.1, port 0, with its store. */
export const FakeServer = FakeAdaptyServer.layer({ apiKey: Redacted.make(apiKey) }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer()),
  Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: 0, host: "127.0.0.1" }))
)

/** The live layer pointed at the fake server. */
export const liveOverFake = (
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<HttpProfileService.Options> = {}
) =>
  Layer.unwrapEffect(
    Effect.map(FakeAdaptyServer.url, (baseUrl) =>
      HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl, retry: fastRetry, ...options }))
  ).pipe(Layer.provide(transport), Layer.provideMerge(FakeServer))

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly rawHeaders: ReadonlyArray<string>
  readonly body: string
}

export type Reply = (res: Http.ServerResponse, req: Http.IncomingMessage) => void

/**
 * A raw `node:http` server on 127.0.0.1 that answers request n with
 * `replies[n]` (the last one repeats) and records every request. It produces
 * what the fake server never does: any status, any body, broken connections.
 */
export const scripted = (replies: ReadonlyArray<Reply>) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly requests: Array<Recorded>; readonly server: Http.Server }>(
      (resume) => {
        const requests: Array<Recorded> = []
        const server = Http.createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const index = requests.length
            requests.push({
              method: req.method ?? "",
              url: req.url ?? "",
              headers: req.headers,
              rawHeaders: req.rawHeaders,
              body: Buffer.concat(chunks).toString("latin1")
            })
            const reply = replies[Math.min(index, replies.length - 1)]
            reply?.(res, req)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as AddressInfo
          resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, requests, server }))
        })
      }
    ),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

export const status = (code: number, body = "", headers: Http.OutgoingHttpHeaders = {}): Reply => (res) => {
  res.writeHead(code, headers)
  res.end(body)
}

export const json = (code: number, body: unknown, headers: Http.OutgoingHttpHeaders = {}): Reply =>
  status(code, JSON.stringify(body), { "content-type": "application/json", ...headers })

/** Closes the socket without a response. */
export const reset: Reply = (_res, req) => {
  req.socket.destroy()
}

/** Never answers; the client's timeout must end the attempt. */
export const stall: Reply = () => {}

/** Sends the headers and part of the body, then cuts the connection. */
export const cutBody = (code: number): Reply => (res) => {
  res.writeHead(code, { "content-type": "application/json", "content-length": "200" })
  res.write("{\"errors\": [")
  setTimeout(() => res.socket?.destroy(), 10)
}

/** Sends the headers, then never finishes the body. */
export const stallBody = (code: number): Reply => (res) => {
  res.writeHead(code, { "content-type": "application/json", "content-length": "200" })
  res.write("{\"errors\": [")
}

/** A port with nothing listening on it. */
export const closedPort = Effect.async<number>((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** What an endless body managed to send before the client let go. */
export interface Flood {
  written: number
  closed: boolean
}

/**
 * Sends the headers, then 64 KiB chunks for as long as the client reads, up
 * to `cap` bytes (so that the loop ends by itself even if the client never
 * lets go). Without `contentLength` the body is chunked and has no declared end.
 */
export const endless = (
  code: number,
  flood: Flood,
  options: { readonly contentLength?: number; readonly cap?: number; readonly headers?: Http.OutgoingHttpHeaders } = {}
): Reply =>
(res) => {
  const cap = options.cap ?? 512 * 1024 * 1024
  const chunk = Buffer.alloc(64 * 1024, "a")
  res.writeHead(code, {
    "content-type": "application/json",
    ...(options.contentLength === undefined ? {} : { "content-length": String(options.contentLength) }),
    ...options.headers
  })
  res.on("close", () => {
    flood.closed = true
  })
  const pump = () => {
    while (!flood.closed && flood.written < cap) {
      flood.written += chunk.length
      if (!res.write(chunk)) return void res.once("drain", pump)
    }
    if (!flood.closed) res.end()
  }
  pump()
}
