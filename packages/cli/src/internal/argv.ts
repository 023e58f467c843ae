/**
 * The command line rewritten into what @effect/cli parses as meant: it takes
 * a global option such as `--log-level` only before the command, and a lone
 * `-` for the start of an option rather than an argument.
 *
 * @internal
 */
import * as BuiltInOptions from "@effect/cli/BuiltInOptions"
import * as Command from "@effect/cli/Command"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as Usage from "@effect/cli/Usage"
import * as Option from "effect/Option"

/** @internal */
export interface Grammar {
  /** The options of every command that take a value (`--by`), by command. */
  readonly commands: ReadonlyMap<string, ReadonlySet<string>>
  /** The global options that take a value (`--log-level`, `--completions`). */
  readonly globals: ReadonlySet<string>
  /** The global options also accepted after the command. */
  readonly movable: ReadonlySet<string>
}

const takingValues = (usage: Usage.Usage): Array<string> => {
  switch (usage._tag) {
    case "Named":
      return Option.isSome(usage.acceptedValues) ? usage.names.filter((name) => name.startsWith("-")) : []
    case "Optional":
    case "Repeated":
      return takingValues(usage.usage)
    case "Alternation":
    case "Concat":
      return [...takingValues(usage.left), ...takingValues(usage.right)]
    default:
      return []
  }
}

/**
 * Reads from the commands themselves which options take a value, so that a
 * value (`--profile-id -`) is never taken for an option or an argument.
 *
 * @internal
 */
export const grammar = <Name extends string, R, E, A>(
  root: Command.Command<Name, R, E, A>,
  movable: ReadonlyArray<string>
): Grammar => {
  const commands = new Map<string, ReadonlySet<string>>()
  for (const [name, command] of Command.getSubcommands(root)) {
    commands.set(name, new Set(takingValues(Descriptor.getUsage(command))))
  }
  const builtIns = BuiltInOptions.builtInOptions(root.descriptor, Usage.empty, HelpDoc.empty)
  return { commands, globals: new Set(takingValues(Options.getUsage(builtIns))), movable: new Set(movable) }
}

/** `--name` of `--name` or `--name=value`, as @effect/cli compares names (case-insensitively). */
const nameOf = (arg: string): string => arg.split("=", 1)[0]!.toLowerCase()

const isHelp = (arg: string): boolean => arg === "--help" || arg === "-h"

/**
 * `args` without the runtime and the script, rewritten: a movable global
 * option after the command goes before it; a lone `-` that is an argument
 * (not an option's value) becomes `/dev/stdin`. Nothing after `--` changes.
 * Also says which command's help the line would show: none (the root's)
 * when the line runs no command, or asks for help only before the command.
 *
 * @internal
 */
export const normalize = (
  args: ReadonlyArray<string>,
  grammar: Grammar
): { readonly args: Array<string>; readonly command: string | undefined } => {
  const before: Array<string> = []
  let i = 0
  let command: string | undefined
  // @effect/cli runs the first argument that names a command, unless it is an option's value.
  while (i < args.length && command === undefined) {
    const arg = args[i++]!
    if (grammar.commands.has(arg)) command = arg
    else {
      before.push(arg)
      if (grammar.globals.has(nameOf(arg)) && !arg.includes("=") && i < args.length) before.push(args[i++]!)
    }
  }
  if (command === undefined) return { args: before, command }
  const valued = grammar.commands.get(command)!
  const moved: Array<string> = []
  const after: Array<string> = []
  while (i < args.length) {
    const arg = args[i++]!
    if (arg === "--") {
      after.push(arg, ...args.slice(i))
      break
    }
    const name = nameOf(arg)
    const into = grammar.movable.has(name) ? moved : after
    if (grammar.movable.has(name) || valued.has(name)) {
      into.push(arg)
      if (!arg.includes("=") && i < args.length) into.push(args[i++]!)
    } else {
      after.push(arg === "-" ? "/dev/stdin" : arg)
    }
  }
  const rootHelp = before.some(isHelp) && !after.some(isHelp)
  return { args: [...before, ...moved, command, ...after], command: rootHelp ? undefined : command }
}
