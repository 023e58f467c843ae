/**
 * What `--help` says beyond each command's one-line description and its
 * options: how the command behaves, the environment, the exit codes and
 * examples, for the command asked about.
 *
 * @internal
 */
import { AdaptyWire } from "@effect-adapty/core"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Span from "@effect/cli/HelpDoc/Span"

/** Lines as they are typed: @effect/cli prints a paragraph's text as it is. */
const lines = (...text: ReadonlyArray<string>): HelpDoc.HelpDoc => HelpDoc.p(Span.text(text.map((line) => `  ${line}`).join("\n")))

const section = (title: string, ...text: ReadonlyArray<string>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([HelpDoc.h1(title), lines(...text)])

const environment = section(
  "ENVIRONMENT",
  "ADAPTY_API_KEY   Adapty's secret API key. Required to send anything (erase --dry-run sends nothing).",
  "                 Or --api-key-file PATH; not both. There is no option to give the key itself.",
  `ADAPTY_BASE_URL  Adapty's server-side API (default ${AdaptyWire.defaultBaseUrl}).`,
  "NO_COLOR         Set and not empty: no colors in help and errors (none either when not on a terminal)."
)

const exitCodes = section(
  "EXIT CODES",
  "0    every identifier erased: deleted, or already absent",
  "     (export: every line exported, or not found; get: the profile printed)",
  "1    some identifier not erased (invalid, or failed), or the run stopped early, or was not confirmed",
  "     (export: some line invalid or failed; get: no such profile, or a failure)",
  "2    usage or configuration error (missing key, bad option, unreadable FILE): nothing was sent",
  "70   internal error (a bug in effect-adapty): one line on standard error",
  "130  interrupted by SIGINT (Ctrl-C), after the summary so far",
  "143  terminated by SIGTERM, after the summary so far"
)

const logging = section(
  "LOGGING",
  "--log-level LEVEL, before or after the command (default info): debug adds a line on standard error for",
  "every retry. No log line holds an identifier or the key."
)

const secretsFile = "/run/secrets/adapty_api_key"

const about: Record<string, HelpDoc.HelpDoc> = {
  delete: section(
    "IDENTIFIERS",
    "A value given on the command line is visible to other users of this machine (ps) and stays in the",
    "shell's history: prefer - to read the identifier from standard input. Nothing printed holds the",
    "identifier: one line says what happened (deleted, not found, or why not)."
  ),
  get: section(
    "OUTPUT",
    "The profile, as one line of JSON on standard output in Adapty's wire form (snake_case): personal data,",
    "for a GDPR access request. Fields Adapty sends beyond its OpenAPI file are not carried. A profile that",
    "does not exist prints nothing on standard output, one line on standard error, and exits 1. Prefer - to",
    "read the identifier from standard input (ps and the shell's history see a value on the command line)."
  ),
  erase: section(
    "HOW IT RUNS",
    "Asks before sending, with the count (--yes skips the question). Progress goes to standard error, the",
    "summary to standard output; neither holds an identifier. Every outcome is journaled as it is known:",
    "the same command run again skips the lines already erased and sends the rest. A failure that would",
    "repeat on every line (a refused key, ten failures in a row, a rate-limit pause longer than",
    "--max-rate-limit-pause) stops the run; the lines not done stay pending for the next run."
  ),
  export: HelpDoc.blocks([section(
    "HOW IT RUNS",
    "As erase: asks before sending, with the count (--yes skips the question); progress on standard error,",
    "the summary on standard output, neither with an identifier; every outcome journaled (FILE.export.journal,",
    "never shared with an erasure's journal), so the same command run again skips the lines already exported",
    "and appends to OUT; the same stops. Lines not found are asked for again by the next run."
  ), section(
    "OUT",
    "One JSON line per profile found: {\"line\": N, \"profile\": {...}}, the profile in Adapty's wire form",
    "(snake_case) as the client decodes it: fields Adapty sends beyond its OpenAPI file are not carried. OUT",
    "holds personal data: it is created readable by its owner only (mode 0600) and never overwritten; an existing",
    "OUT is appended to only when the journal says the same export wrote to it. After a kill -9, a line may",
    "appear twice in OUT (same line number), never be missing. Profiles not found are never invented: they are",
    "counted in the summary and listed by line number in the report."
  )]),
  root: HelpDoc.empty
}

const examples: Record<string, HelpDoc.HelpDoc> = {
  delete: section(
    "EXAMPLES",
    "printf '%s\\n' \"$USER_ID\" | effect-adapty delete --customer-user-id -",
    "effect-adapty delete --profile-id - < profile-id.txt",
    `effect-adapty delete --profile-id - --api-key-file ${secretsFile} < profile-id.txt`
  ),
  get: section(
    "EXAMPLES",
    "printf '%s\\n' \"$USER_ID\" | effect-adapty get --customer-user-id - > profile.json",
    "effect-adapty get --profile-id - < profile-id.txt"
  ),
  erase: section(
    "EXAMPLES",
    "effect-adapty erase users.txt --by customer-user-id --dry-run",
    "effect-adapty erase users.txt --by customer-user-id --rate 300 --report report.json",
    `effect-adapty erase export.csv --by profile-id --column adapty_id --yes --api-key-file ${secretsFile}`
  ),
  export: section(
    "EXAMPLES",
    "effect-adapty export requests.txt --by customer-user-id --out profiles.jsonl --dry-run",
    "effect-adapty export requests.txt --by customer-user-id --out profiles.jsonl --rate 300 --report report.json"
  ),
  root: section(
    "EXAMPLES",
    "printf '%s\\n' \"$USER_ID\" | effect-adapty delete --customer-user-id -",
    "effect-adapty erase users.txt --by customer-user-id --dry-run",
    "effect-adapty erase users.txt --by customer-user-id --rate 300 --report report.json",
    "effect-adapty erase --help        each command's options, and how it runs"
  )
}

/**
 * The end of the help of `command` (the root's when undefined).
 *
 * @internal
 */
export const footer = (command: string | undefined): HelpDoc.HelpDoc => {
  const key = command !== undefined && command in examples ? command : "root"
  return HelpDoc.blocks([about[key]!, environment, exitCodes, logging, examples[key]!])
}
