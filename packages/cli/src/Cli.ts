/**
 * The `effect-adapty` command: `delete` one profile, or `erase` a file of
 * them.
 *
 * @since 0.1.0
 */
import { AdaptyWire, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { Args, type CliApp, Command, Options, Prompt, ValidationError } from "@effect/cli"
import * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Path from "@effect/platform/Path"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Erase from "./Erase.js"
import * as Input from "./Input.js"
import * as Argv from "./internal/argv.js"
import * as SystemError from "./internal/systemError.js"
import * as OutcomeLine from "./OutcomeLine.js"

/**
 * Ends the command with an exit code, after printing `message` on standard
 * error when there is one.
 *
 * @since 0.1.0
 * @category errors
 */
export class CliExit extends Schema.TaggedError<CliExit>("@effect-adapty/cli/CliExit")("CliExit", {
  code: Schema.Int,
  line: Schema.optional(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.line ?? `exit ${this.code}`
  }
}

const usage = (message: string) => new CliExit({ code: 2, line: `error: ${message}` })

const profilesLayer = (config: Config.Config<HttpProfileService.Options>): Layer.Layer<ProfileService, CliExit> =>
  HttpProfileService.layerConfig(config).pipe(
    Layer.provide(NodeHttpClient.layerUndici as Layer.Layer<HttpClient.HttpClient>),
    Layer.catchAll((error) =>
      Layer.fail(
        usage(
          ConfigError.isMissingDataOnly(error)
            ? "ADAPTY_API_KEY is not set (and must not be empty)"
            : `configuration: ${String(error).replace(/^\(|\)$/g, "")}`
        )
      )
    )
  )

/**
 * The live service from `ADAPTY_API_KEY` and `ADAPTY_BASE_URL`, on undici.
 * The caller may pass another transport (the tests and the demo do not need
 * to: they point `ADAPTY_BASE_URL` at the fake server).
 *
 * @since 0.1.0
 * @category layers
 */
export const ProfilesLive: Layer.Layer<ProfileService, CliExit> = profilesLayer(HttpProfileService.defaultConfig)

/**
 * The live service for `erase`: a `Retry-After` over 2 seconds is not waited
 * out by the call itself but handed to the erasure, which pauses every
 * worker, shows the pause, and stops past `--max-rate-limit-pause`.
 */
const ErasureProfilesLive = profilesLayer(
  Config.map(HttpProfileService.defaultConfig, (options) => ({ ...options, retry: { maxRetryAfter: Duration.seconds(2) } }))
)

const baseUrl = Config.string("ADAPTY_BASE_URL").pipe(Config.withDefault(AdaptyWire.defaultBaseUrl))

const deleteCommand = Command.make(
  "delete",
  {
    customerUserId: Options.text("customer-user-id").pipe(
      Options.withDescription("the app's own user id (adapty-customer-user-id)"),
      Options.optional
    ),
    profileId: Options.text("profile-id").pipe(
      Options.withDescription("Adapty's profile id (adapty-profile-id)"),
      Options.optional
    )
  },
  ({ customerUserId, profileId }) =>
    Effect.gen(function*() {
      if (Option.isSome(customerUserId) === Option.isSome(profileId)) {
        return yield* usage("give exactly one of --customer-user-id or --profile-id")
      }
      const lookup = Option.isSome(customerUserId)
        ? { customerUserId: customerUserId.value }
        : { profileId: Option.getOrThrow(profileId) }
      const outcome = yield* ProfileService.deleteProfile(lookup).pipe(
        Effect.as(OutcomeLine.deleted),
        Effect.catchAll((error) => Effect.succeed(OutcomeLine.describeError(error))),
        Effect.provide(ProfilesLive)
      )
      if (outcome.exitCode === 0) {
        yield* Console.log(outcome.line)
      } else {
        return yield* new CliExit({ code: outcome.exitCode, line: outcome.line })
      }
    })
).pipe(Command.withDescription("Delete one Adapty profile."))

/** Above this, `--concurrency` is a typo, not a plan: each worker holds a connection. */
const maxConcurrency = 1024
/** Adapty's highest documented limit is 40,000 per minute. */
const maxRate = 1_000_000

/**
 * A duration as a person types it: `90s`, `10m`, `1h30m` (hours, minutes,
 * seconds, in that order), at most 24 hours; `undefined` for anything else.
 *
 * @since 0.1.0
 * @category options
 */
export const parseWait = (text: string): Duration.Duration | undefined => {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim())
  if (match === null || text.trim() === "") return undefined
  const [hours, minutes, seconds] = [match[1], match[2], match[3]].map((part) => Number(part ?? 0))
  const total = Duration.seconds(hours! * 3600 + minutes! * 60 + seconds!)
  return Duration.lessThanOrEqualTo(total, Duration.hours(24)) ? total : undefined
}

/** Where a file is: its device and inode when it exists, else its absolute path with its folder's links resolved. */
const identity = (file: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const info = yield* Effect.option(fs.stat(file))
    if (Option.isSome(info) && Option.isSome(info.value.ino)) {
      return { key: `${info.value.dev}:${info.value.ino.value}`, exists: true, regular: info.value.type === "File" }
    }
    // Not there yet: where it would be, through any link in its folder's path.
    const folder = yield* Effect.orElseSucceed(fs.realPath(path.dirname(file)), () => path.resolve(path.dirname(file)))
    return { key: path.join(folder, path.basename(file)), exists: Option.isSome(info), regular: false }
  })

/**
 * Refuses, before anything is read or sent, a journal or report that would
 * overwrite the input or each other (also through a symbolic link), and a
 * journal that is not a regular file.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkOutputs = (options: Pick<Erase.Options, "file" | "journal" | "report" | "kind">) =>
  Effect.gen(function*() {
    const input = yield* identity(options.file)
    const journalFile = Erase.journalPath(options)
    const journal = journalFile === undefined ? undefined : yield* identity(journalFile)
    const report = options.report === undefined ? undefined : yield* identity(options.report)
    if (journal !== undefined && journal.key === input.key) {
      return yield* usage(`the journal ${journalFile} is the input file ${options.file}: choose another --journal`)
    }
    if (report !== undefined && report.key === input.key) {
      return yield* usage(`the report ${options.report} is the input file ${options.file}: choose another --report`)
    }
    if (journal !== undefined && report !== undefined && journal.key === report.key) {
      return yield* usage(`the report ${options.report} is the journal: choose another --report`)
    }
    if (journal !== undefined && journal.exists && !journal.regular) {
      return yield* usage(`the journal ${journalFile} is not a regular file: choose another --journal`)
    }
  })

const eraseCommand = Command.make(
  "erase",
  {
    file: Args.text({ name: "FILE" }).pipe(
      Args.withDescription(
        "one identifier per line (blank lines skipped); - reads standard input. A regular file is counted before " +
          "the run; anything else (a pipe, a FIFO, a device, standard input) is read once, counted as it is read, " +
          "and has no default journal"
      )
    ),
    by: Options.choice("by", ["customer-user-id", "profile-id"]).pipe(
      Options.withDescription("what the identifiers are")
    ),
    column: Options.text("column").pipe(
      Options.withDescription("read FILE as CSV with a header row, and take this column"),
      Options.optional
    ),
    concurrency: Options.integer("concurrency").pipe(
      Options.withDescription(`requests in flight at once (1 to ${maxConcurrency})`),
      Options.withDefault(8)
    ),
    rate: Options.integer("rate").pipe(
      Options.withDescription(
        `requests per minute for the whole run, 1 to ${maxRate} (Adapty documents 300, 600 or 40,000 per minute per app: check yours)`
      ),
      Options.optional
    ),
    journal: Options.text("journal").pipe(
      Options.withDescription("where outcomes are journaled for resuming (default FILE.journal for a regular file)"),
      Options.optional
    ),
    report: Options.text("report").pipe(Options.withDescription("write a JSON report here"), Options.optional),
    maxRateLimitPause: Options.text("max-rate-limit-pause").pipe(
      Options.withDescription(
        "the longest pause Adapty's rate limit may impose before the run stops, such as 90s, 10m or 1h (default 10m)"
      ),
      Options.withDefault("10m")
    ),
    dryRun: Options.boolean("dry-run").pipe(Options.withDescription("read and validate everything, send nothing")),
    yes: Options.boolean("yes").pipe(Options.withDescription("do not ask for confirmation"))
  },
  (args) =>
    Effect.gen(function*() {
      if (args.concurrency < 1 || args.concurrency > maxConcurrency) {
        return yield* usage(`--concurrency must be between 1 and ${maxConcurrency}`)
      }
      if (Option.isSome(args.rate) && (args.rate.value < 1 || args.rate.value > maxRate)) {
        return yield* usage(`--rate must be a whole number of requests per minute between 1 and ${maxRate}`)
      }
      const maxRateLimitPause = parseWait(args.maxRateLimitPause)
      if (maxRateLimitPause === undefined) {
        return yield* usage("--max-rate-limit-pause must be a duration such as 90s, 10m or 1h30m, at most 24h")
      }
      const inputError = (error: { readonly message: string }) => usage(error.message)
      const kind = yield* Effect.mapError(Input.kind(args.file), inputError)
      const options: Erase.Options = {
        file: args.file,
        kind,
        by: args.by,
        column: Option.getOrUndefined(args.column),
        concurrency: args.concurrency,
        ratePerMinute: Option.getOrUndefined(args.rate),
        journal: Option.getOrUndefined(args.journal),
        report: Option.getOrUndefined(args.report),
        terminal: process.stderr.isTTY === true,
        maxRateLimitPause,
        signal: yield* CliSignal
      }
      yield* checkOutputs(options)

      if (args.dryRun) {
        const result = yield* Effect.mapError(Erase.dryRun(options), inputError)
        yield* Console.log(
          `dry run: would erase ${result.toErase} identifier(s); ${result.skipped} already erased per the journal; ` +
            `${result.invalid} invalid` + (result.invalid === 0
              ? ""
              : ` (line ${result.firstInvalid.join(", ")}${result.invalid > result.firstInvalid.length ? ", …" : ""})`) +
            "; nothing was sent"
        )
        if (result.exitCode !== 0) return yield* new CliExit({ code: result.exitCode })
        return
      }

      // Count first, when FILE can be read twice: for the question, and for the bar.
      const scanned = kind === "regular" ? yield* Effect.mapError(Erase.scan(options), inputError) : undefined
      if (!args.yes) {
        if (Input.isStdin(options.file) || process.stdin.isTTY !== true) {
          return yield* usage(
            Input.isStdin(options.file)
              ? "reading identifiers from standard input needs --yes"
              : "not on a terminal: pass --yes to erase without confirmation"
          )
        }
        const url = yield* Effect.orElseSucceed(baseUrl, () => "the configured ADAPTY_BASE_URL")
        const message = scanned === undefined
          ? `Erase the Adapty profiles of every identifier in ${options.file} (not a regular file: counted as they ` +
            `are read) by ${options.by} on ${url}?`
          : `Erase ${scanned.toErase} Adapty profile(s) by ${options.by} from ${options.file} on ${url}` +
            (scanned.skipped > 0 ? ` (${scanned.skipped} already erased per the journal are skipped)` : "") + "?"
        const confirmed = yield* Prompt.confirm({ message }).pipe(Effect.orElseSucceed(() => false))
        if (!confirmed) return yield* new CliExit({ code: 1, line: "aborted: nothing was sent" })
      }

      const summary = yield* Erase.run(options, scanned === undefined ? undefined : scanned.toErase + scanned.invalid)
        .pipe(
          Effect.mapError(inputError),
          Effect.provide(ErasureProfilesLive)
        )
      if (summary.exitCode !== 0) return yield* new CliExit({ code: summary.exitCode })
    })
).pipe(Command.withDescription("Erase the Adapty profiles of every identifier in FILE, resumably."))

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("effect-adapty").pipe(
  Command.withDescription("Delete Adapty profiles. The API key comes from ADAPTY_API_KEY."),
  Command.withSubcommands([deleteCommand, eraseCommand])
)

const cli = Command.run(command, { name: "effect-adapty", version: "0.1.0" })

const grammar = Argv.grammar(command, ["--log-level"])

/**
 * Which signal stopped the process, if one did, as the caller's signal
 * handler saw it: a run interrupted by SIGTERM reports `terminated`.
 *
 * @since 0.1.0
 * @category signals
 */
export class CliSignal extends Context.Reference<CliSignal>()("@effect-adapty/cli/CliSignal", {
  defaultValue: (): () => "SIGINT" | "SIGTERM" | undefined => () => undefined
}) {}

/**
 * The one line printed for a defect (a bug): the error's name, and its
 * message only for a Node system error (`ENOSPC: no space left on device,
 * write`), whose message holds no identifier.
 *
 * @since 0.1.0
 * @category errors
 */
export const internalErrorLine = (cause: Cause.Cause<unknown>): string => {
  const defect = Cause.failureOrCause(cause).pipe(
    Either.match({
      onLeft: (error): unknown => error,
      onRight: (rest) => Option.getOrUndefined(Cause.dieOption(rest))
    })
  )
  return `internal error (a bug in effect-adapty; nothing more was sent): ${SystemError.describe(defect)}`
}

/**
 * Runs the command line (`argv` as `process.argv`) and succeeds with the
 * exit code: 0 when every identifier ended deleted or not found, 1 when any
 * ended invalid or failed or the run stopped early, 2 for a usage or
 * configuration error (nothing sent), 70 for an internal error (a defect,
 * printed as one line). An interruption stays an interruption.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number, never, CliApp.CliApp.Environment> =>
  Effect.suspend(() => cli([...argv.slice(0, 2), ...Argv.normalize(argv.slice(2), grammar)])).pipe(
    Effect.as(0),
    Effect.catchAll((error) => {
      if (ValidationError.isValidationError(error)) return Effect.succeed(2)
      if (error instanceof CliExit) {
        return Effect.as(error.line === undefined ? Effect.void : Console.error(error.line), error.code)
      }
      return Effect.as(Console.error(`error: ${SystemError.describe(error)}`), 1)
    }),
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause) ? Effect.failCause(cause) : Effect.as(Console.error(internalErrorLine(cause)), 70)
    ),
    // Log lines go to standard error: standard output is the outcome, or the summary.
    Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)))
  )
