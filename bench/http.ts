/**
 * The HTTP comparison: raw fetch, raw undici.request, a bare
 * HttpClient.execute on each transport, the live layer on each transport, and
 * the in-memory layer, side by side in one process against one loopback
 * server, interleaved round by round so that drift on a shared machine hits
 * them all alike.
 */
import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { request } from "undici"

export interface Variant {
  readonly name: string
  /** The variant its ratio is to; raw fetch (a DELETE) when not given. */
  readonly baseline?: string
  /** Untimed set-up before a run of `count` requests. */
  readonly prepare?: (count: number) => Promise<void>
  /** Sends `count` requests with `concurrency` in flight. */
  readonly run: (count: number, concurrency: number) => Promise<void>
  readonly dispose: () => Promise<void>
}

const headers = { authorization: "Api-Key bench-key", "adapty-profile-id": "bench-profile" }

const pool = async (count: number, concurrency: number, one: () => Promise<unknown>) => {
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      await one()
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

export const variants = (baseUrl: string): ReadonlyArray<Variant> => {
  const url = `${baseUrl}/api/v2/server-side-api/profile/`
  const live = (transport: Layer.Layer<HttpClient.HttpClient>) =>
    ManagedRuntime.make(
      HttpProfileService.layer({ apiKey: Redacted.make("bench-key"), baseUrl }).pipe(Layer.provide(transport))
    )
  const bare = (transport: Layer.Layer<HttpClient.HttpClient>) => ManagedRuntime.make(transport)
  const fromRuntime = <R>(
    name: string,
    runtime: ManagedRuntime.ManagedRuntime<R, never>,
    call: Effect.Effect<unknown, unknown, R>
  ): Variant => ({
    name,
    run: (count, concurrency) =>
      runtime.runPromise(Effect.forEach(Array.from({ length: count }), () => call, { concurrency, discard: true })),
    dispose: () => runtime.dispose()
  })
  const bareCall = Effect.flatMap(HttpClient.HttpClient, (client) =>
    client.execute(HttpClientRequest.del(url, { headers })))
  const deleteCall = ProfileService.deleteProfile({ profileId: "bench-profile" })
  // The server answers a GET with the OpenAPI file's example profile: the
  // live layer decodes it into the model (dates, Options), raw fetch only
  // parses the JSON.
  const getCall = ProfileService.getProfile({ profileId: "bench-profile" })
  // The in-memory layer deletes for real. Its profiles are added before each
  // run, untimed, rather than seeded by the million up front: a large heap in
  // this process would slow every other variant's garbage collection.
  const inMemory = ManagedRuntime.make(InMemoryProfileService.layer({ recordRequests: false }))
  let seeded = 0
  let nextProfile = 0
  const inMemoryCall = Effect.suspend(() => ProfileService.deleteProfile({ profileId: `p-${nextProfile++}` }))
  return [
    {
      name: "raw fetch",
      run: (count, concurrency) =>
        pool(count, concurrency, async () => {
          const response = await fetch(url, { method: "DELETE", headers })
          if (response.status !== 204) throw new Error(`status ${response.status}`)
        }),
      dispose: async () => {}
    },
    {
      name: "raw undici.request",
      run: (count, concurrency) =>
        pool(count, concurrency, async () => {
          const response = await request(url, { method: "DELETE", headers })
          await response.body.dump()
          if (response.statusCode !== 204) throw new Error(`status ${response.statusCode}`)
        }),
      dispose: async () => {}
    },
    // The least any Effect program calling fetch pays: one runPromise.
    fromRuntime(
      "Effect.promise(fetch)",
      ManagedRuntime.make(Layer.empty),
      Effect.promise(() => fetch(url, { method: "DELETE", headers }))
    ),
    fromRuntime("HttpClient.execute, undici", bare(NodeHttpClient.layerUndici), bareCall),
    fromRuntime("HttpClient.execute, fetch", bare(FetchHttpClient.layer), bareCall),
    // Without the HttpClient's own span, as the live layer runs it by default.
    fromRuntime("HttpClient.execute, fetch, no span", bare(FetchHttpClient.layer), Effect.withTracerEnabled(bareCall, false)),
    fromRuntime("live layer, undici", live(NodeHttpClient.layerUndici), deleteCall),
    fromRuntime("live layer, FetchHttpClient", live(FetchHttpClient.layer), deleteCall),
    {
      name: "raw fetch GET + json()",
      run: (count, concurrency) =>
        pool(count, concurrency, async () => {
          const response = await fetch(url, { headers })
          if (response.status !== 200) throw new Error(`status ${response.status}`)
          await response.json()
        }),
      dispose: async () => {}
    },
    {
      ...fromRuntime("live getProfile, undici", live(NodeHttpClient.layerUndici), getCall),
      baseline: "raw fetch GET + json()"
    },
    {
      ...fromRuntime("live getProfile, FetchHttpClient", live(FetchHttpClient.layer), getCall),
      baseline: "raw fetch GET + json()"
    },
    {
      ...fromRuntime("in-memory layer", inMemory, inMemoryCall),
      prepare: (count) =>
        inMemory.runPromise(Effect.flatMap(InMemoryProfiles, (store) =>
          store.add(Array.from({ length: count }, () => ({ profileId: `p-${seeded++}` })))))
    }
  ]
}
