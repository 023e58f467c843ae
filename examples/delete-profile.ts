/**
 * Deletes one Adapty profile:
 *
 *   pnpm example:delete-profile --customer-user-id ID
 *   pnpm example:delete-profile --profile-id ID
 *
 * With ADAPTY_API_KEY set it calls the real API (or ADAPTY_BASE_URL).
 * Without it, it starts the fake Adapty server in-process, seeded with a few
 * demo profiles, and says so.
 */
import { type DeleteProfileError, isConfirmedNotFound, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpClient, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import type { HttpClient, HttpServerError } from "@effect/platform"
import { Config, type ConfigError, Console, Duration, Effect, Exit, Layer, Match, Option, Redacted } from "effect"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"

export const demoProfiles = [
  { profileId: "demo-profile-1", customerUserId: "demo-user-1" },
  { profileId: "demo-profile-2", customerUserId: "demo-user-2" },
  { profileId: "demo-profile-3", customerUserId: "demo-user-3" }
]

const usage = "usage: delete-profile (--customer-user-id ID | --profile-id ID)"

/** One line for a person, and the exit code: 0 when the profile is gone. */
interface Outcome {
  readonly line: string
  readonly exitCode: number
}

const deleted: Outcome = { line: "deleted: the Adapty profile was deleted", exitCode: 0 }

const requestId = (error: { readonly requestId?: string | undefined }) =>
  error.requestId === undefined ? "" : ` (request id ${error.requestId})`

// Every outcome has its line; none prints the identifier (personal data).
const describe: (error: DeleteProfileError) => Outcome = Match.type<DeleteProfileError>().pipe(
  Match.tagsExhaustive({
    InvalidProfileLookup: (e) => ({ line: `invalid: ${e.reason}; nothing was sent`, exitCode: 1 }),
    ProfileNotFound: (e) =>
      isConfirmedNotFound(e)
        ? { line: `not found: no Adapty profile matches (never existed, or already deleted)${requestId(e)}`, exitCode: 0 }
        : { line: `unexpected response: HTTP 404 without Adapty's answer; check ADAPTY_BASE_URL${requestId(e)}`, exitCode: 1 },
    Unauthorized: (e) => ({ line: `unauthorized: Adapty rejected the API key; check ADAPTY_API_KEY${requestId(e)}`, exitCode: 1 }),
    RateLimited: (e) => ({
      line: `rate limited: over Adapty's rate limit` +
        (e.retryAfter === undefined ? "" : `; retry after ${Duration.format(e.retryAfter)}`) + requestId(e),
      exitCode: 1
    }),
    ServerError: (e) => ({ line: `server error: Adapty answered HTTP ${e.status}; try again later${requestId(e)}`, exitCode: 1 }),
    UnexpectedResponse: (e) => ({ line: `unexpected response: HTTP ${e.status}${requestId(e)}`, exitCode: 1 }),
    TransportError: (e) => ({ line: `no response: ${e.reason === "Timeout" ? "timed out" : "network failure"}`, exitCode: 1 })
  })
)

const parse = (args: ReadonlyArray<string>) => {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { "customer-user-id": { type: "string" }, "profile-id": { type: "string" } },
      strict: true,
      allowPositionals: false
    })
    const customerUserId = values["customer-user-id"]
    const profileId = values["profile-id"]
    if ((customerUserId === undefined) === (profileId === undefined)) return undefined
    return customerUserId !== undefined ? { customerUserId } : { profileId: profileId! }
  } catch {
    return undefined
  }
}

// The embedded fake: a real HTTP server on 127.0.0.1, and the live layer
// talking to it, so that the demo runs the same code as production.
const EmbeddedFake = Layer.unwrapEffect(
  Effect.gen(function*() {
    const baseUrl = yield* FakeAdaptyServer.url
    yield* Console.log(
      `ADAPTY_API_KEY is not set: using an embedded fake Adapty server at ${baseUrl} ` +
        `with demo profiles (customer user ids demo-user-1..3, profile ids demo-profile-1..3)`
    )
    return HttpProfileService.layer({ apiKey: Redacted.make("demo-key"), baseUrl })
  })
).pipe(
  Layer.provide(FakeAdaptyServer.layer({ apiKey: Redacted.make("demo-key") })),
  Layer.provide(InMemoryProfiles.layer({ profiles: demoProfiles })),
  Layer.provide(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

type ProfilesLayer = Layer.Layer<
  ProfileService,
  ConfigError.ConfigError | HttpServerError.ServeError,
  HttpClient.HttpClient
>

const choose = (apiKey: Option.Option<string>): ProfilesLayer =>
  Option.isNone(apiKey) ? EmbeddedFake : HttpProfileService.layerConfig()

const Profiles = Layer.unwrapEffect(Effect.map(Config.option(Config.string("ADAPTY_API_KEY")), choose)).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)

export const main = (args: ReadonlyArray<string>): Effect.Effect<number> => {
  const lookup = parse(args)
  if (lookup === undefined) return Effect.as(Console.error(usage), 2)
  return ProfileService.deleteProfile(lookup).pipe(
    Effect.as(deleted),
    Effect.catchAll((error) => Effect.succeed(describe(error))),
    Effect.provide(Profiles),
    Effect.catchAll((error) =>
      Effect.succeed<Outcome>(
        error._tag === "ConfigError"
          ? { line: `configuration error: ${String(error)}`, exitCode: 2 }
          : { line: "could not start the embedded fake server", exitCode: 1 }
      )
    ),
    Effect.tap((outcome) => outcome.exitCode === 0 ? Console.log(outcome.line) : Console.error(outcome.line)),
    Effect.map((outcome) => outcome.exitCode)
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main(process.argv.slice(2)), {
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) && typeof exit.value === "number" ? exit.value : 1)
  })
}
