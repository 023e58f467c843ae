/**
 * One erasure measurement, in its own process so that its peak RSS is its
 * own: `tsx erase.ts <target> <mode> <count> <concurrency> [baseUrl]`.
 * target: memory | http; mode: erase (BulkErasure) | bare (Effect.forEach
 * over deleteProfile). Prints one JSON line.
 */
import { BulkErasure, ProfileService } from "@effect-adapty/core"
import { InMemoryProfileService } from "@effect-adapty/testing"
import { Effect, Layer, Redacted, Stream } from "effect"

const [target, mode, countArg, concurrencyArg, baseUrl] = process.argv.slice(2)
const count = Number(countArg)
const concurrency = Number(concurrencyArg)

// In memory, a tenth of the identifiers exist: a million stored profiles
// would measure the store, not the erasure. The rest end not_found. The HTTP
// modules are only loaded for the HTTP run, so that the in-memory run's peak
// RSS is not theirs.
const layer: Layer.Layer<ProfileService> = target === "memory"
  ? InMemoryProfileService.layer({
    profiles: Array.from({ length: count / 10 }, (_, i) => ({ profileId: `user-${i * 10}` })),
    recordRequests: false
  })
  : await (async () => {
    const { HttpProfileService } = await import("@effect-adapty/http")
    const { NodeHttpClient } = await import("@effect/platform-node")
    return HttpProfileService.layer({ apiKey: Redacted.make("bench-key"), baseUrl: baseUrl! }).pipe(
      Layer.provide(NodeHttpClient.layerUndici)
    )
  })()

const lookups = Stream.range(0, count - 1).pipe(Stream.map((i) => ({ profileId: `user-${i}` })))

function* ids() {
  for (let i = 0; i < count; i++) yield { profileId: `user-${i}` }
}

const program = mode === "erase"
  ? Stream.runCount(BulkErasure.eraseAll(lookups, { concurrency }))
  : Effect.as(
    Effect.forEach(ids(), (lookup) => Effect.ignore(ProfileService.deleteProfile(lookup)), {
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
