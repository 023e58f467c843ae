import { FakeAdaptyServer, InMemoryProfiles, type Profile } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { afterAll } from "@effect/vitest"
import { Effect, Layer, Redacted, Schedule } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import { createServer } from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const apiKey = "cli-test-key-SECRET"
export const cliBin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))
export const cliDir = fileURLToPath(new URL("..", import.meta.url))

/** The fake server on loopback, seeded with `profiles`. */
export const fakeServer = (profiles: Iterable<Profile>) =>
  FakeAdaptyServer.layer({ apiKey: Redacted.make(apiKey) }).pipe(
    Layer.provideMerge(InMemoryProfiles.layer({ profiles })),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
  )

export const users = (n: number, prefix = "user") =>
  Array.from({ length: n }, (_, i) => ({ profileId: `profile-${prefix}-${i}`, customerUserId: `${prefix}-${i}@example.com` }))

const tempDirs: Array<string> = []

/** A fresh folder, removed (with everything in it) once the test file is done. */
export const tempDir = () => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-adapty-cli-test-"))
  tempDirs.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) Fs.rmSync(dir, { recursive: true, force: true })
})

export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface StartOptions {
  readonly env?: Record<string, string>
  readonly stdin?: string
  /** Node options before the CLI's script, e.g. a test-only `--import`. */
  readonly nodeArgs?: ReadonlyArray<string>
  /** A shell script that runs the command as `"$@"` (for `ulimit`, or a process substitution). */
  readonly shell?: string
  /**
   * Runs the command on a terminal of its own (util-linux `script`), which
   * also gets the command's standard error; standard input stays open for
   * `child.stdin`.
   */
  readonly terminal?: boolean
}

/** Quotes `arg` for a POSIX shell. */
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`

/** Starts the CLI as a user would, in a child process, with no terminal. */
export const start = (args: ReadonlyArray<string>, options: StartOptions = {}) => {
  const { ADAPTY_API_KEY: _k, ADAPTY_BASE_URL: _u, ...base } = process.env
  // node itself, with tsx as a loader: a signal sent to the child reaches the CLI, not a wrapper.
  const command = [process.execPath, ...(options.nodeArgs ?? []), "--import", "tsx", cliBin, ...args]
  const [file, argv] = options.terminal === true
    ? ["script", ["-qec", command.map(quote).join(" "), "/dev/null"]]
    : options.shell === undefined
    ? [command[0]!, command.slice(1)]
    : ["bash", ["-c", options.shell, "bash", ...command]]
  const child = spawn(file, argv, {
    cwd: cliDir,
    env: { ...base, ...options.env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
  if (options.stdin !== undefined) child.stdin.end(options.stdin)
  else if (options.terminal !== true) child.stdin.end()
  const done = Effect.async<Result>((resume) => {
    child.on("close", (code, signal) => resume(Effect.succeed({ code, signal, stdout, stderr })))
  })
  /** Waits (up to 30 seconds) until the output so far holds `text`. */
  const printed = (text: string) =>
    Effect.repeat(Effect.sync(() => stdout + stderr), {
      until: (output) => output.includes(text),
      schedule: Schedule.spaced("50 millis")
    }).pipe(Effect.timeoutFail({ duration: "30 seconds", onTimeout: () => new Error(`never printed: ${text}`) }))
  return { child: child as ChildProcess, done, printed }
}

/** The environment that points the CLI at the fake server. */
export const serverEnv = Effect.map(FakeAdaptyServer.url, (url) => ({ ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: url }))

/** Runs the CLI to the end, with ADAPTY_API_KEY and ADAPTY_BASE_URL pointing at the fake server. */
export const runCli = (args: ReadonlyArray<string>, options: StartOptions = {}) =>
  Effect.flatMap(serverEnv, (env) => start(args, { ...options, env: { ...env, ...options.env } }).done)

export const readJson = (path: string): any => JSON.parse(Fs.readFileSync(path, "utf8"))

export const journalEntries = (path: string): Array<{ line: number; outcome: string }> =>
  Fs.readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l))

/** Writes one identifier a line into `dir/name`. */
export const idsFile = (dir: string, ids: ReadonlyArray<string>, name = "ids.txt") => {
  const file = Path.join(dir, name)
  Fs.writeFileSync(file, ids.join("\n") + "\n")
  return file
}

/** Waits (up to a minute) until the journal holds `lines` complete lines. */
export const waitForJournal = (journal: string, lines: number) =>
  Effect.repeat(
    Effect.sync(() => Fs.existsSync(journal) ? Fs.readFileSync(journal, "utf8").split("\n").length - 1 : 0),
    { until: (n) => n >= lines, schedule: Schedule.spaced("50 millis") }
  ).pipe(Effect.timeout("60 seconds"))
