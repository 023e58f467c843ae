/**
 * The `effect-adapty` command: `delete` one profile, or `erase` a file of
 * them.
 *
 * @since 0.1.0
 */
import { AdaptyWire, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { Args, Command, Options, Prompt, ValidationError } from "@effect/cli"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Erase from "./Erase.js"
import * as Input from "./Input.js"
import * as OutcomeLine from "./OutcomeLine.js"

/**
 * Ends the command with an exit code, after printing `message` on standard
 * error when there is one.
 *
 * @since 0.1.0
 * @category errors
 */
export class CliExit extends Data.TaggedError("CliExit")<{ readonly code: number; readonly message?: string }> {}

const usage = (message: string) => new CliExit({ code: 2, message: `error: ${message}` })

/**
 * The live service from `ADAPTY_API_KEY` and `ADAPTY_BASE_URL`, on undici.
 * The caller may pass another transport (the tests and the demo do not need
 * to: they point `ADAPTY_BASE_URL` at the fake server).
 *
 * @since 0.1.0
 * @category layers
 */
export const ProfilesLive: Layer.Layer<ProfileService, CliExit> = HttpProfileService.layerConfig().pipe(
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
        return yield* new CliExit({ code: outcome.exitCode, message: outcome.line })
      }
    })
).pipe(Command.withDescription("Delete one Adapty profile."))

const eraseCommand = Command.make(
  "erase",
  {
    file: Args.text({ name: "FILE" }).pipe(
      Args.withDescription("one identifier per line (blank lines skipped); - reads standard input")
    ),
    by: Options.choice("by", ["customer-user-id", "profile-id"]).pipe(
      Options.withDescription("what the identifiers are")
    ),
    column: Options.text("column").pipe(
      Options.withDescription("read FILE as CSV with a header row, and take this column"),
      Options.optional
    ),
    concurrency: Options.integer("concurrency").pipe(
      Options.withDescription("requests in flight at once"),
      Options.withDefault(8)
    ),
    rate: Options.integer("rate").pipe(
      Options.withDescription(
        "requests per minute for the whole run (Adapty documents 300, 600 or 40,000 per minute per app: check yours)"
      ),
      Options.optional
    ),
    journal: Options.text("journal").pipe(
      Options.withDescription("where outcomes are journaled for resuming (default FILE.journal)"),
      Options.optional
    ),
    report: Options.text("report").pipe(Options.withDescription("write a JSON report here"), Options.optional),
    dryRun: Options.boolean("dry-run").pipe(Options.withDescription("read and validate everything, send nothing")),
    yes: Options.boolean("yes").pipe(Options.withDescription("do not ask for confirmation"))
  },
  (args) =>
    Effect.gen(function*() {
      if (args.concurrency < 1) return yield* usage("--concurrency must be at least 1")
      if (Option.isSome(args.rate) && args.rate.value < 1) return yield* usage("--rate must be at least 1")
      const options: Erase.Options = {
        file: args.file,
        by: args.by,
        column: Option.getOrUndefined(args.column),
        concurrency: args.concurrency,
        ratePerMinute: Option.getOrUndefined(args.rate),
        journal: Option.getOrUndefined(args.journal),
        report: Option.getOrUndefined(args.report),
        terminal: process.stderr.isTTY === true
      }
      const inputError = (error: { readonly message: string }) => usage(error.message)

      if (args.dryRun) {
        const result = yield* Effect.mapError(Erase.dryRun(options), inputError)
        yield* Console.log(
          `dry run: would erase ${result.toErase} identifier(s); ${result.skipped} already erased per the journal; ` +
            `${result.invalid} invalid` + (result.problems.length === 0
              ? ""
              : ` (line ${result.problems.slice(0, 20).map((p) => p.line).join(", ")}${result.problems.length > 20 ? ", …" : ""})`) +
            "; nothing was sent"
        )
        if (result.exitCode !== 0) return yield* new CliExit({ code: result.exitCode })
        return
      }

      // Count first (not possible for standard input): for the question, and for the bar.
      const scanned = Input.isStdin(options.file) ? undefined : yield* Effect.mapError(Erase.scan(options), inputError)
      if (!args.yes) {
        if (Input.isStdin(options.file) || process.stdin.isTTY !== true) {
          return yield* usage(
            Input.isStdin(options.file)
              ? "reading identifiers from standard input needs --yes"
              : "not on a terminal: pass --yes to erase without confirmation"
          )
        }
        const url = yield* Effect.orElseSucceed(baseUrl, () => "the configured ADAPTY_BASE_URL")
        const confirmed = yield* Prompt.confirm({
          message: `Erase ${scanned!.toErase} Adapty profile(s) by ${options.by} from ${options.file} on ${url}` +
            (scanned!.skipped > 0 ? ` (${scanned!.skipped} already erased per the journal are skipped)` : "") + "?"
        }).pipe(Effect.orElseSucceed(() => false))
        if (!confirmed) return yield* new CliExit({ code: 1, message: "aborted: nothing was sent" })
      }

      const journal = Erase.journalPath(options)
      if (journal !== undefined) yield* Console.error(`journal: ${journal}`)
      const summary = yield* Erase.run(options, scanned === undefined ? undefined : scanned.toErase + scanned.invalid)
        .pipe(
          Effect.mapError(inputError),
          Effect.provide(ProfilesLive)
        )
      if (summary.journalMismatches > 0) {
        yield* Console.error(
          `warning: ${summary.journalMismatches} line(s) of the journal recorded another identifier: the input changed; they were sent`
        )
      }
      yield* Console.log(Erase.summaryLine(summary.report.totals))
      if (options.report !== undefined) yield* Console.error(`report: ${options.report}`)
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

/**
 * Runs the command line (`argv` as `process.argv`) and succeeds with the
 * exit code: 0 when every identifier ended deleted or not found, 1 when any
 * ended invalid or failed, 2 for a usage or configuration error.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>) =>
  // @effect/cli reads a lone "-" as the start of an option, not as an argument.
  cli(argv.map((arg, i) => i >= 2 && arg === "-" ? "/dev/stdin" : arg)).pipe(
    Effect.as(0),
    Effect.catchAll((error) => {
      if (ValidationError.isValidationError(error)) return Effect.succeed(2)
      if (error instanceof CliExit) {
        return Effect.as(error.message === undefined ? Effect.void : Console.error(error.message), error.code)
      }
      return Effect.as(Console.error(`error: ${String(error)}`), 1)
    })
  )
