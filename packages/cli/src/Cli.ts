/**
 * The `effect-adapty` command: `delete` one profile, or `erase` a file of
 * them.
 *
 * @since 0.1.0
 */
import { AdaptyWire, Profile, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { Args, type CliApp, Command, Options, Prompt, ValidationError } from "@effect/cli"
import * as Span from "@effect/cli/HelpDoc/Span"
import * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Path from "@effect/platform/Path"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Erase from "./Erase.js"
import * as Export from "./Export.js"
import * as Input from "./Input.js"
import * as Journal from "./Journal.js"
import * as Argv from "./internal/argv.js"
import * as Color from "./internal/color.js"
import * as Help from "./internal/help.js"
import * as SystemError from "./internal/systemError.js"
import * as Tty from "./internal/tty.js"
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

/**
 * What the live service needs, as the environment and the command line give
 * it: the key (none for a dry run without one) and the base URL, both
 * checked, so that a bad one stops the command before anything is read,
 * asked or sent.
 */
interface Settings {
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly baseUrl: string
}

const environment = Config.all({
  apiKey: Config.option(Config.string("ADAPTY_API_KEY")),
  baseUrl: Config.string("ADAPTY_BASE_URL").pipe(Config.withDefault(AdaptyWire.defaultBaseUrl))
})

const checked = (name: string, check: (value: string) => Either.Either<string, string>, value: string) =>
  Either.match(check(value), {
    // The checks' sentences never quote the value: a key is a secret, and a URL may hold one.
    onLeft: (reason) => Effect.fail(usage(`${name}: ${reason}`)),
    onRight: () => Effect.succeed(value)
  })

/**
 * Reads and checks the settings: the key from `--api-key-file` (one trailing
 * newline or CRLF removed; `-` is standard input) or from `ADAPTY_API_KEY`,
 * never both, and the base URL from `ADAPTY_BASE_URL`. Fails with exit 2 and
 * a line that quotes neither the key nor the URL. Without a key file, no
 * file system is needed.
 */
const settings = <R = never>(apiKeyFile: Option.Option<KeyFile<R>>): Effect.Effect<Settings, CliExit, R> =>
  Effect.gen(function*() {
    const env = yield* Effect.mapError(environment, (error) => usage(`configuration: ${error.message}`))
    const environmentKey = Option.filter(env.apiKey, (key) => key !== "")
    if (Option.isSome(apiKeyFile) && Option.isSome(environmentKey)) {
      // Two keys may be two apps: erasing in the wrong one is not undone.
      return yield* usage(
        "both ADAPTY_API_KEY and --api-key-file are set: use one (unset ADAPTY_API_KEY, or drop --api-key-file)"
      )
    }
    const baseUrl = yield* checked("ADAPTY_BASE_URL", HttpProfileService.checkBaseUrl, env.baseUrl)
    const apiKey = Option.isSome(apiKeyFile)
      ? yield* apiKeyFile.value.read.pipe(
        Effect.flatMap((key) => checked(`--api-key-file ${apiKeyFile.value.path}`, HttpProfileService.checkApiKey, key))
      )
      : Option.isSome(environmentKey)
      ? yield* checked("ADAPTY_API_KEY", HttpProfileService.checkApiKey, environmentKey.value)
      : undefined
    return { apiKey: Option.map(Option.fromNullable(apiKey), Redacted.make), baseUrl }
  })

/** `--api-key-file PATH`, and how to read it. */
interface KeyFile<R> {
  readonly path: string
  readonly read: Effect.Effect<string, CliExit, R>
}

const keyFile = (apiKeyFile: Option.Option<string>): Option.Option<KeyFile<FileSystem.FileSystem>> =>
  Option.map(apiKeyFile, (path) => ({
    path,
    read: Effect.mapError(Input.readValue(path), (error) => usage(`--api-key-file ${error.message}`))
  }))

/** The key, or exit 2 saying where it can come from. */
const requireKey = (settings: Settings): Effect.Effect<Redacted.Redacted<string>, CliExit> =>
  Option.match(settings.apiKey, {
    onNone: () => Effect.fail(usage("no API key: set ADAPTY_API_KEY, or give --api-key-file PATH")),
    onSome: Effect.succeed
  })

const liveLayer = (options: HttpProfileService.Options): Layer.Layer<ProfileService> =>
  HttpProfileService.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici as Layer.Layer<HttpClient.HttpClient>))

/**
 * The live service from `ADAPTY_API_KEY` and `ADAPTY_BASE_URL`, on undici.
 * The caller may pass another transport (the tests and the demo do not need
 * to: they point `ADAPTY_BASE_URL` at the fake server).
 *
 * @since 0.1.0
 * @category layers
 */
export const ProfilesLive: Layer.Layer<ProfileService, CliExit> = Layer.unwrapEffect(
  Effect.flatMap(settings(Option.none()), (live) =>
    Effect.map(requireKey(live), (apiKey) => liveLayer({ apiKey, baseUrl: live.baseUrl })))
)

/**
 * `--api-key-file PATH`, on every command that sends.
 */
const apiKeyFile = Options.text("api-key-file").pipe(
  Options.withPseudoName("PATH"),
  Options.withDescription(
    "read the API key from this file (one trailing newline is ignored; - reads standard input), for secrets " +
      "mounted as files; not together with ADAPTY_API_KEY (default: the key comes from ADAPTY_API_KEY)"
  ),
  Options.optional
)

/** Standard input is read once: it cannot hold both the key and the identifiers. */
const oneUseOfStdin = (apiKeyFile: Option.Option<string>, identifiersFromStdin: boolean): Effect.Effect<void, CliExit> =>
  identifiersFromStdin && Option.exists(apiKeyFile, Input.isStdin)
    ? Effect.fail(usage("standard input cannot hold both the API key (--api-key-file -) and the identifiers"))
    : Effect.void

const identifier = (name: string, what: string) =>
  Options.text(name).pipe(
    Options.withPseudoName("ID"),
    Options.withDescription(
      `${what}; - reads it from standard input (one trailing newline is ignored), where ps and the shell's ` +
        "history do not see it"
    ),
    Options.optional
  )

/** `-`: the identifier comes from standard input, where `ps` and the shell's history do not see it. */
const identifierValue = (value: string, name: string): Effect.Effect<string, CliExit, FileSystem.FileSystem> =>
  value !== "-" ? Effect.succeed(value) : Effect.gen(function*() {
    if (yield* Tty.stdin) {
      yield* Console.error(`reading the ${name} from standard input: type it, then Enter and Ctrl-D`)
    }
    return yield* Effect.mapError(Input.readValue("-"), (error) => usage(`standard input: ${error.problem}`))
  })

/** The options of a command about one profile: which one, and the key. */
const oneProfile = {
  customerUserId: identifier("customer-user-id", "the app's own user id (adapty-customer-user-id)"),
  profileId: identifier("profile-id", "Adapty's profile id (adapty-profile-id)"),
  apiKeyFile
}

/**
 * The key and the one lookup of `delete` and `get`: the key first (without
 * one, nothing else is read, asked or printed), then exactly one identifier.
 */
const oneLookup = (args: {
  readonly customerUserId: Option.Option<string>
  readonly profileId: Option.Option<string>
  readonly apiKeyFile: Option.Option<string>
}) =>
  Effect.gen(function*() {
    const fromStdin = (id: Option.Option<string>) => Option.contains(id, "-")
    yield* oneUseOfStdin(args.apiKeyFile, fromStdin(args.customerUserId) || fromStdin(args.profileId))
    const live = yield* settings(keyFile(args.apiKeyFile))
    const apiKey = yield* requireKey(live)
    if (Option.isSome(args.customerUserId) === Option.isSome(args.profileId)) {
      return yield* usage("give exactly one of --customer-user-id or --profile-id")
    }
    const lookup = Option.isSome(args.customerUserId)
      ? { customerUserId: yield* identifierValue(args.customerUserId.value, "customer user id") }
      : { profileId: yield* identifierValue(Option.getOrThrow(args.profileId), "profile id") }
    return { lookup, layer: liveLayer({ apiKey, baseUrl: live.baseUrl }) }
  })

const deleteCommand = Command.make(
  "delete",
  oneProfile,
  (args) =>
    Effect.gen(function*() {
      const { layer, lookup } = yield* oneLookup(args)
      const outcome = yield* ProfileService.deleteProfile(lookup).pipe(
        Effect.as(OutcomeLine.deleted),
        Effect.catchAll((error) => Effect.succeed(OutcomeLine.describeError(error))),
        Effect.provide(layer)
      )
      if (outcome.exitCode === 0) {
        yield* Console.log(outcome.line)
      } else {
        return yield* new CliExit({ code: outcome.exitCode, line: outcome.line })
      }
    })
).pipe(Command.withDescription("Deletes one Adapty profile, by the app's user id or by Adapty's profile id."))

const encodeProfile = Schema.encode(Profile)

const getCommand = Command.make(
  "get",
  oneProfile,
  (args) =>
    Effect.gen(function*() {
      const { layer, lookup } = yield* oneLookup(args)
      const profile = yield* ProfileService.getProfile(lookup).pipe(
        Effect.mapError((error) => {
          const outcome = OutcomeLine.describeError(error)
          // For get, a profile Adapty says does not exist is not a success: there is nothing to print.
          return new CliExit({ code: outcome.exitCode === 0 ? 1 : outcome.exitCode, line: outcome.line })
        }),
        Effect.provide(layer)
      )
      // The wire form, as Adapty sends it: snake_case, dates as ISO strings, null for none.
      const wire = yield* Effect.orDie(encodeProfile(profile))
      yield* Console.log(JSON.stringify(wire))
    })
).pipe(
  Command.withDescription(
    "Prints one Adapty profile as JSON on standard output, by the app's user id or by Adapty's profile id: " +
      "personal data, for a GDPR access request (fields Adapty adds beyond its OpenAPI file are not carried)."
  )
)

/** Above this, `--concurrency` is a typo, not a plan: each worker holds a connection. */
const maxConcurrency = 1024
/** Adapty's highest documented limit is 40,000 per minute. */
const maxRate = 1_000_000
const defaultConcurrency = 8
const defaultMaxRateLimitPause = "10m"

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
export const checkOutputs = (
  options: Pick<Erase.Options, "file" | "journal" | "report" | "kind" | "job"> & { readonly out?: string | undefined }
) =>
  Effect.gen(function*() {
    const input = yield* identity(options.file)
    const journalFile = Erase.journalPath(options)
    const journal = journalFile === undefined ? undefined : yield* identity(journalFile)
    const report = options.report === undefined ? undefined : yield* identity(options.report)
    const out = options.out === undefined ? undefined : yield* identity(options.out)
    if (journal !== undefined && journal.key === input.key) {
      return yield* usage(`the journal ${journalFile} is the input file ${options.file}: choose another --journal`)
    }
    if (report !== undefined && report.key === input.key) {
      return yield* usage(`the report ${options.report} is the input file ${options.file}: choose another --report`)
    }
    if (journal !== undefined && report !== undefined && journal.key === report.key) {
      return yield* usage(`the report ${options.report} is the journal: choose another --report`)
    }
    if (out !== undefined) {
      const clash = out.key === input.key
        ? `the input file ${options.file}`
        : journal !== undefined && out.key === journal.key
        ? "the journal"
        : report !== undefined && out.key === report.key
        ? "the report"
        : undefined
      if (clash !== undefined) return yield* usage(`the output ${options.out} is ${clash}: choose another --out`)
    }
    if (journal !== undefined && journal.exists && !journal.regular) {
      return yield* usage(`the journal ${journalFile} is not a regular file: choose another --journal`)
    }
  })

/** What differs between `erase` and `export` on the command line. */
interface BulkCommand {
  readonly job: Journal.Job
  readonly verb: string
  readonly done: string
  readonly journalDefault: string
  readonly reportHolds: string
}

const bulk = {
  erase: {
    job: "erase",
    verb: "erase",
    done: "erased",
    journalDefault: "FILE.journal",
    reportHolds: "every line not erased (line number and reason)"
  },
  export: {
    job: "export",
    verb: "export",
    done: "exported",
    journalDefault: "FILE.export.journal",
    reportHolds: "every line not exported: not found, invalid or failed (line number and reason)"
  }
} as const satisfies Record<Journal.Job, BulkCommand>

/** The options `erase` and `export` share. */
const bulkOptions = (command: BulkCommand) => ({
  file: Args.text({ name: "FILE" }).pipe(
    Args.withDescription(
      `the file of identifiers to ${command.verb}: one per line (blank lines skipped), or a CSV with a header row ` +
        "(--column); - reads standard input. A regular file is counted before the run; anything else (a pipe, " +
        "a FIFO, a device, standard input) is read once, counted as it is read, and has no default journal"
    )
  ),
  by: Options.choice("by", ["customer-user-id", "profile-id"]).pipe(
    Options.withDescription(
      "what the identifiers in FILE are: the app's own user ids (customer-user-id) or Adapty's profile ids " +
        "(profile-id); required"
    )
  ),
  column: Options.text("column").pipe(
    Options.withPseudoName("NAME"),
    Options.withDescription(
      "read FILE as CSV with a header row, and take the identifiers from this column (default: one identifier per line)"
    ),
    Options.optional
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withPseudoName("N"),
    Options.withDescription(`requests in flight at once, 1 to ${maxConcurrency} (default: ${defaultConcurrency})`),
    Options.withDefault(defaultConcurrency)
  ),
  rate: Options.integer("rate").pipe(
    Options.withPseudoName("N"),
    Options.withDescription(
      `requests per minute for the whole run, 1 to ${maxRate} (default: no limit but --concurrency; Adapty ` +
        "documents 300, 600 or 40,000 per minute per app: check yours)"
    ),
    Options.optional
  ),
  journal: Options.text("journal").pipe(
    Options.withPseudoName("PATH"),
    Options.withDescription(
      `where outcomes are journaled, for the same command run again to resume (default: ${command.journalDefault} ` +
        "for a regular file; none for anything read once)"
    ),
    Options.optional
  ),
  report: Options.text("report").pipe(
    Options.withPseudoName("PATH"),
    Options.withDescription(
      `write a JSON report here: ${command.reportHolds}, and the totals (default: no report)`
    ),
    Options.optional
  ),
  maxRateLimitPause: Options.text("max-rate-limit-pause").pipe(
    Options.withPseudoName("DURATION"),
    Options.withDescription(
      "the longest pause Adapty's rate limit may impose before the run stops, such as 90s, 10m or 1h30m, at most " +
        `24h (default: ${defaultMaxRateLimitPause})`
    ),
    Options.withDefault(defaultMaxRateLimitPause)
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription("read and check FILE (and the key, if one is given), send nothing; needs no API key")
  ),
  yes: Options.boolean("yes").pipe(
    Options.withDescription(
      "do not ask for confirmation (default: ask on a terminal; without a terminal, or with FILE -, --yes is required)"
    )
  ),
  apiKeyFile
})

type BulkArgs = Command.Command.ParseConfig<ReturnType<typeof bulkOptions>>

/**
 * `erase` and `export`: the checks, the dry run, the question, then `run`
 * on the live service with the checked options.
 */
const runBulk = <E extends { readonly message: string }>(
  command: BulkCommand,
  args: BulkArgs,
  out: string | undefined,
  run: (options: Erase.Options, total: number | undefined) => Effect.Effect<
    Erase.Summary,
    E,
    ProfileService | FileSystem.FileSystem
  >
) =>
  Effect.gen(function*() {
    yield* oneUseOfStdin(args.apiKeyFile, Input.isStdin(args.file))
    // The key first: without one, nothing is counted, asked or printed.
    const live = yield* settings(keyFile(args.apiKeyFile))
    const apiKey = args.dryRun ? undefined : yield* requireKey(live)
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
    // Read as text, a CSV file's header and rows would each be sent as one identifier.
    if (Option.isNone(args.column) && /\.csv$/i.test(args.file)) {
      return yield* usage(`${args.file} is a CSV file: give --column NAME to read one column of it`)
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
      terminal: yield* Tty.stderr,
      maxRateLimitPause,
      target: Option.match(live.apiKey, {
        onNone: () => undefined,
        onSome: (key) => Journal.target(live.baseUrl, Redacted.value(key))
      }),
      signal: yield* CliSignal,
      ...(command.job === "export" ? { job: command.job } : {})
    }
    yield* checkOutputs({ ...options, out })

    if (apiKey === undefined) {
      const result = yield* Effect.mapError(Erase.dryRun(options), inputError)
      yield* Console.log(
        `dry run: would ${command.verb} ${result.toErase} identifier(s); ${result.skipped} already ${command.done} per ` +
          `the journal; ${result.invalid} invalid` + (result.invalid === 0
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
      if (Input.isStdin(options.file) || !(yield* Tty.stdin)) {
        return yield* usage(
          Input.isStdin(options.file)
            ? "reading identifiers from standard input needs --yes"
            : `not on a terminal: pass --yes to ${command.verb} without confirmation`
        )
      }
      const what = command.job === "export" ? "Export" : "Erase"
      const message = scanned === undefined
        ? `${what} the Adapty profiles of every identifier in ${options.file} (not a regular file: counted as they ` +
          `are read) by ${options.by} on ${live.baseUrl}?`
        : `${what} ${scanned.toErase} Adapty profile(s) by ${options.by} from ${options.file} on ${live.baseUrl}` +
          (scanned.skipped > 0 ? ` (${scanned.skipped} already ${command.done} per the journal are skipped)` : "") + "?"
      const confirmed = yield* Prompt.confirm({ message }).pipe(Effect.orElseSucceed(() => false))
      if (!confirmed) return yield* new CliExit({ code: 1, line: "aborted: nothing was sent" })
    }

    const summary = yield* run(options, scanned === undefined ? undefined : scanned.toErase + scanned.invalid)
      .pipe(
        Effect.mapError(inputError),
        // A Retry-After over 2 seconds is not waited out by the call but handed
        // to the run, which pauses every worker, shows the pause, and stops
        // past --max-rate-limit-pause.
        Effect.provide(
          liveLayer({ apiKey, baseUrl: live.baseUrl, retry: { maxRetryAfter: Duration.seconds(2) } })
        )
      )
    if (summary.exitCode !== 0) return yield* new CliExit({ code: summary.exitCode })
  })

const eraseCommand = Command.make(
  "erase",
  bulkOptions(bulk.erase),
  (args) => runBulk(bulk.erase, args, undefined, Erase.run)
).pipe(Command.withDescription("Erases the Adapty profiles of every identifier in FILE: concurrently, resumably."))

const exportCommand = Command.make(
  "export",
  {
    ...bulkOptions(bulk.export),
    out: Options.text("out").pipe(
      Options.withPseudoName("OUT"),
      Options.withDescription(
        "write each profile found here, one JSON line {\"line\": N, \"profile\": {…}} (Adapty's wire form, snake_case). " +
          "OUT holds personal data: it is created readable by its owner only (mode 0600), never overwritten, and " +
          "appended to only when the same export resumes; required"
      )
    )
  },
  (args) => runBulk(bulk.export, args, args.out, (options, total) => Export.run({ ...options, out: args.out }, total))
).pipe(
  Command.withDescription(
    "Exports the Adapty profile of every identifier in FILE to OUT, for GDPR access requests: concurrently, resumably."
  )
)

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("effect-adapty").pipe(
  Command.withDescription(
    "Deletes Adapty profiles through Adapty's server-side API, for GDPR and CCPA erasure requests: one " +
      "profile (delete), or every profile named in a file (erase); and reads them, for access requests: one " +
      "profile (get), or every profile named in a file into OUT (export). Identifiers are personal data: nothing " +
      "it prints holds one (but get and export's OUT print the profiles themselves), nor the key."
  ),
  Command.withSubcommands([deleteCommand, getCommand, eraseCommand, exportCommand])
)

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
  Effect.suspend(() => {
    // @effect/cli's wizard prints back the command it builds, identifiers included.
    if (argv.slice(2).includes("--wizard")) {
      return Effect.as(
        Console.error("error: --wizard is not available: it prints what is typed, and identifiers are personal data"),
        2
      )
    }
    const line = Argv.normalize(argv.slice(2), grammar)
    const cli = Command.run(command, {
      name: "effect-adapty",
      version: "0.1.0",
      summary: Span.text("delete and export Adapty profiles for GDPR and CCPA requests"),
      footer: Help.footer(line.command)
    })
    return cli([...argv.slice(0, 2), ...line.args]).pipe(
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
      Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))),
      (effect) => Effect.flatMap(Color.fromProcess, (strip) => Color.withoutStyles(strip)(effect))
    )
  })
