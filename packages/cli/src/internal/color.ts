/**
 * Colors only where they help: @effect/cli renders its help and errors, and
 * the confirmation prompt, with ANSI styles whatever the output is.
 *
 * @internal
 */
import * as Terminal from "@effect/platform/Terminal"
import * as Effect from "effect/Effect"
import * as Tty from "./tty.js"

// Styles (SGR) only: the prompt's cursor movements are what makes it work.
const styles = /\x1b\[[0-9;]*m/g

const plain = (arg: unknown): unknown => typeof arg === "string" ? arg.replace(styles, "") : arg

// @effect/cli quotes what was typed when it cannot parse it, and a stray
// argument may be an identifier: personal data stays off the screen.
const echoes = [
  /(Received unknown argument: )'(?!-)[^']*'/g,
  /()'[^']*'(?= is not a )/g,
  /(Unable to recognize )'[^']*'/g
]

const unechoed = (arg: unknown): unknown =>
  typeof arg === "string"
    ? echoes.reduce((text, pattern) => text.replace(pattern, "$1(a value, not shown)"), arg)
    : arg

const plainIf = (strip: boolean, print: (...args: ReadonlyArray<unknown>) => void) =>
  strip
    ? (...args: ReadonlyArray<unknown>) => print(...args.map((arg) => unechoed(plain(arg))))
    : (...args: ReadonlyArray<unknown>) => print(...args.map(unechoed))

/**
 * Whether NO_COLOR asks for no colors (https://no-color.org: set and not empty).
 *
 * @internal
 */
export const noColor = (env: NodeJS.ProcessEnv): boolean => env.NO_COLOR !== undefined && env.NO_COLOR !== ""

/**
 * Runs `self` with the styles taken out of what it prints on standard output
 * (`stdout`), standard error (`stderr`), and the terminal's prompts
 * (`prompt`), and with @effect/cli's echo of an unparsable value hidden.
 *
 * @internal
 */
export const withoutStyles = (strip: { readonly stdout: boolean; readonly stderr: boolean; readonly prompt: boolean }) =>
<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  const uncolored = Effect.flatMap(Effect.console, (console) => {
    const log = plainIf(strip.stdout, (...args) => console.unsafe.log(...args))
    const error = plainIf(strip.stderr, (...args) => console.unsafe.error(...args))
    return Effect.withConsole(self, {
      ...console,
      log: (...args) => Effect.sync(() => log(...args)),
      error: (...args) => Effect.sync(() => error(...args)),
      unsafe: { ...console.unsafe, log, error }
    })
  })
  const withPlainPrompts = (effect: Effect.Effect<A, E, R>) =>
    strip.prompt
      ? Effect.flatMap(Effect.serviceOption(Terminal.Terminal), (terminal) =>
        terminal._tag === "None" ? effect : Effect.provideService(effect, Terminal.Terminal, {
          ...terminal.value,
          display: (text) => terminal.value.display(text.replace(styles, ""))
        }))
      : effect
  return withPlainPrompts(uncolored)
}

/**
 * What to strip in this process: a stream that is not a terminal gets no
 * styles, and nothing does when NO_COLOR is set.
 *
 * @internal
 */
export const fromProcess: Effect.Effect<
  { readonly stdout: boolean; readonly stderr: boolean; readonly prompt: boolean },
  never,
  Terminal.Terminal
> = Effect.gen(function*() {
  const off = noColor(process.env)
  return { stdout: off || !(yield* Tty.stdout), stderr: off || !(yield* Tty.stderr), prompt: off }
})
