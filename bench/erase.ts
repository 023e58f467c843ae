/**
 * One erasure measurement, in its own process so that its peak RSS is its
 * own: `node erase.mjs <target> <mode> <count> <concurrency> [baseUrl] [ratePerMinute]`.
 * target: memory | http; mode: erase (BulkErasure.eraseAllBy), erase-chunked
 * (BulkErasure.eraseAll over lookups a Stream builds a chunk at a time), bare
 * (Effect.forEach over deleteProfile) or stream (Stream.mapEffect over
 * deleteProfile, unordered: what BulkErasure's worker pool would be without
 * it). Prints one JSON line.
 */
import { BulkErasure, ProfileService } from "@effect-adapty/core"
import { InMemoryProfileService } from "@effect-adapty/testing"
// Effect's own modules one by one, as its packages import them: the whole
// `effect` index would add its unused modules to the peak RSS measured here.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

const [target, mode, countArg, concurrencyArg, baseUrl, rateArg] = process.argv.slice(2)
const ratePerMinute = rateArg === undefined ? undefined : Number(rateArg)
const count = Number(countArg)
const concurrency = Number(concurrencyArg)

// In memory, a tenth of the identifiers exist: a million stored profiles
// would measure the store, not the erasure. The rest end not_found. The HTTP
// modules are only loaded for the HTTP run (the bundle keeps this import in
// its own chunk), so that the in-memory run's peak RSS is not theirs.
const layer: Layer.Layer<ProfileService> = target === "memory"
  ? InMemoryProfileService.layer({
    profiles: Array.from({ length: count / 10 }, (_, i) => ({ profileId: `user-${i * 10}` })),
    recordRequests: false
  })
  : await (async () => {
    const [{ HttpProfileService }, { NodeHttpClient }] = await Promise.all([
      import("@effect-adapty/http"),
      import("@effect/platform-node")
    ])
    return HttpProfileService.layer({ apiKey: Redacted.make("bench-key"), baseUrl: baseUrl! }).pipe(
      Layer.provide(NodeHttpClient.layerUndici)
    )
  })()

// BulkErasure and the bare loop build each lookup the same way, when it is
// about to be sent, as the command line does from the lines it reads.
const lookupOf = (i: number) => ({ profileId: `user-${i}` })

function* lookups() {
  for (let i = 0; i < count; i++) yield lookupOf(i)
}

const program = mode === "erase"
  ? Stream.runCount(BulkErasure.eraseAllBy(Stream.range(0, count - 1), lookupOf, { concurrency, ratePerMinute }))
  : mode === "erase-chunked"
  // Stream.map builds a whole chunk's lookups (4,096) at once, and each
  // stays alive until the last of its chunk is sent.
  ? Stream.runCount(BulkErasure.eraseAll(Stream.map(Stream.range(0, count - 1), lookupOf), { concurrency }))
  : mode === "stream"
  ? Stream.runCount(
    Stream.mapEffect(Stream.range(0, count - 1), (i) => Effect.either(ProfileService.deleteProfile(lookupOf(i))), {
      concurrency,
      unordered: true
    })
  )
  : Effect.as(
    Effect.forEach(lookups(), (lookup) => Effect.ignore(ProfileService.deleteProfile(lookup)), {
      concurrency,
      discard: true
    }),
    count
  )

const started = performance.now()
const cpuAtStart = process.cpuUsage()
const done = await Effect.runPromise(Effect.provide(program, layer))
const seconds = (performance.now() - started) / 1000
// The run's own CPU time, without the imports before it.
const cpu = process.cpuUsage(cpuAtStart)
process.stdout.write(
  `${
    JSON.stringify({
      target,
      mode,
      count: done,
      concurrency,
      seconds,
      perSecond: done / seconds,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      cpuSeconds: (cpu.user + cpu.system) / 1e6
    })
  }\n`
)
