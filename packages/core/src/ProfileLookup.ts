/**
 * Which profile a call is about: by the app's own user id, or by Adapty's
 * profile id. Every rule of a valid lookup lives here, in one function that
 * the live layer, the in-memory layer, the fake server and the schema share.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Arbitrary from "effect/Arbitrary"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidProfileLookup, type LookupKey, type LookupRule } from "./AdaptyError.js"

/**
 * A profile found by the app's own user id (sent as `adapty-customer-user-id`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ByCustomerUserId {
  readonly customerUserId: string
  /** Never with `customerUserId`: a lookup has exactly one key. */
  readonly profileId?: never
}

/**
 * A profile found by Adapty's profile id (sent as `adapty-profile-id`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ByProfileId {
  readonly profileId: string
  /** Never with `profileId`: a lookup has exactly one key. */
  readonly customerUserId?: never
}

/**
 * Exactly one of the two keys.
 *
 * @since 0.1.0
 * @category models
 */
export type ProfileLookup = ByCustomerUserId | ByProfileId

/**
 * The longest identifier accepted, in characters (all of them ASCII, so also
 * in bytes). Identifiers are UUIDs or an app's user ids; the bound keeps the
 * header line far below the 8 KiB at which servers and proxies reject it.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLength = 4096

/**
 * A broken rule: which, and for which key when a key is involved.
 *
 * @since 0.1.0
 * @category models
 */
export interface Violation {
  readonly rule: LookupRule
  readonly key?: LookupKey
}

const printableAscii = /^[\x20-\x7E]*$/
const edgeWhitespace = /^\s|\s$/

/**
 * The first rule an identifier value breaks, if any.
 *
 * @since 0.1.0
 * @category validation
 */
export const checkValue = (value: unknown): LookupRule | undefined => {
  if (typeof value !== "string") return "NotAString"
  if (value.length === 0) return "Empty"
  if (value.length > maxLength) return "TooLong"
  if (edgeWhitespace.test(value)) return "Whitespace"
  if (!printableAscii.test(value)) return "NotPrintableAscii"
  return undefined
}

/**
 * Checks untrusted input against every rule. Only own properties count: a
 * key inherited through the prototype is no key. Each key is read once, and
 * the result on success is a new object holding only the one key, so that
 * nothing else the caller attached (nor a getter's next answer) travels
 * further.
 *
 * @since 0.1.0
 * @category validation
 */
export const check = (input: unknown): Either.Either<ProfileLookup, Violation> => {
  if (typeof input !== "object" || input === null) return Either.left({ rule: "NotAnObject" })
  let key: LookupKey
  let value: unknown
  // A Proxy's traps or a getter may throw: that is an invalid lookup, not a defect.
  try {
    if (Array.isArray(input)) return Either.left({ rule: "NotAnObject" })
    const hasCustomerUserId = Object.hasOwn(input, "customerUserId")
    const hasProfileId = Object.hasOwn(input, "profileId")
    if (hasCustomerUserId && hasProfileId) return Either.left({ rule: "BothKeys" })
    if (!hasCustomerUserId && !hasProfileId) return Either.left({ rule: "NoKey" })
    key = hasCustomerUserId ? "customerUserId" : "profileId"
    value = Reflect.get(input, key)
  } catch {
    return Either.left({ rule: "Unreadable" })
  }
  const rule = checkValue(value)
  if (rule !== undefined || typeof value !== "string") return Either.left({ rule: rule ?? "NotAString", key })
  return Either.right(key === "customerUserId" ? { customerUserId: value } : { profileId: value })
}

/**
 * A sentence for a log line. It names the rule and the key, never the value:
 * the value may be an e-mail address or an injection attempt.
 *
 * @since 0.1.0
 * @category validation
 */
export const describe = (violation: Violation): string => {
  const key = violation.key ?? "the lookup"
  switch (violation.rule) {
    case "NotAnObject":
      return "the lookup must be an object with exactly one of customerUserId or profileId"
    case "NoKey":
      return "the lookup has neither customerUserId nor profileId; give exactly one"
    case "BothKeys":
      return "the lookup has both customerUserId and profileId; give exactly one"
    case "NotAString":
      return `${key} must be a string`
    case "Empty":
      return `${key} is empty`
    case "TooLong":
      return `${key} is longer than ${maxLength} characters`
    case "Whitespace":
      return `${key} has leading or trailing whitespace`
    case "NotPrintableAscii":
      return `${key} has a character outside printable ASCII (0x20-0x7E), which cannot travel in an HTTP header unchanged`
    case "Unreadable":
      return "the lookup could not be read (a getter or proxy threw)"
  }
}

/**
 * The typed error for a violation.
 *
 * @since 0.1.0
 * @category validation
 */
export const toError = (violation: Violation): InvalidProfileLookup => {
  const id = `${violation.rule}:${violation.key ?? ""}`
  let error = errors.get(id)
  if (error === undefined) {
    error = withoutStack(() => new InvalidProfileLookup({ ...violation, reason: describe(violation) }, true))
    errors.set(id, error)
  }
  return error
}

// One shared error per rule and key (they are immutable, and there are few),
// without a stack trace: it would point only here, and a bulk erasure of
// invalid lines held one per line in its window.
const errors = new Map<string, InvalidProfileLookup>()

const withoutStack = <A>(f: () => A): A => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return f()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * Validates untrusted input, failing with {@link InvalidProfileLookup}.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (input: unknown): Effect.Effect<ProfileLookup, InvalidProfileLookup> =>
  Either.match(check(input), { onLeft: (violation) => Effect.fail(toError(violation)), onRight: Effect.succeed })

/**
 * The key of a valid lookup.
 *
 * @since 0.1.0
 * @category wire
 */
export const keyOf = (lookup: ProfileLookup): LookupKey => lookup.customerUserId !== undefined ? "customerUserId" : "profileId"

/**
 * The identifier of a valid lookup, whichever its key.
 *
 * @since 0.2.0
 * @category wire
 */
export const valueOf = (lookup: ProfileLookup): string =>
  lookup.customerUserId !== undefined ? lookup.customerUserId : lookup.profileId

/**
 * Branches on the key of a valid lookup.
 *
 * @since 0.1.0
 * @category wire
 */
export const match = <A>(
  lookup: ProfileLookup,
  cases: { readonly customerUserId: (value: string) => A; readonly profileId: (value: string) => A }
): A => keyOf(lookup) === "customerUserId" ? cases.customerUserId(valueOf(lookup)) : cases.profileId(valueOf(lookup))

/**
 * The identifier rules of {@link checkValue} as a regular expression, for
 * JSON Schema and for generating valid identifiers (printable ASCII, no space
 * at either end: the only whitespace printable ASCII has), with lengths 1 to
 * {@link maxLength}. A property test holds the two to the same answers.
 *
 * @since 0.1.0
 * @category validation
 */
export const identifierPattern = "^[\\x21-\\x7E](?:[\\x20-\\x7E]*[\\x21-\\x7E])?$"

const identifierJsonSchema = {
  type: "string",
  minLength: 1,
  maxLength,
  pattern: identifierPattern
}

// `{ not: {} }` admits no value: the other key must be absent.
const oneKey = (key: LookupKey, other: LookupKey) => ({
  type: "object",
  required: [key],
  properties: { [key]: identifierJsonSchema, [other]: { not: {} } }
})

// Generates valid identifiers for property tests of callers' code.
const identifier = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), Schema.pattern(new RegExp(identifierPattern)))

/**
 * The lookup as a `Schema`, for decoding untrusted input. It decodes with
 * {@link check} itself, so that it accepts and rejects exactly what the
 * service does, and a decoded lookup holds only its one key. Its failure
 * message is the same sentence as {@link InvalidProfileLookup}'s reason, so
 * decoding never echoes the value either. `JSONSchema.make` gives the same
 * rules as JSON Schema.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProfileLookup: Schema.Schema<ProfileLookup> = Schema.declare(
  [],
  {
    decode: () => (input, _, ast) =>
      Either.match(check(input), {
        onLeft: (violation) => ParseResult.fail(new ParseResult.Type(ast, input, describe(violation))),
        onRight: ParseResult.succeed
      }),
    encode: () => (input, _, ast) =>
      Either.match(check(input), {
        onLeft: (violation) => ParseResult.fail(new ParseResult.Type(ast, input, describe(violation))),
        onRight: ParseResult.succeed
      })
  },
  {
    identifier: "ProfileLookup",
    description: "exactly one of customerUserId or profileId: 1 to 4096 printable ASCII characters, no edge whitespace",
    jsonSchema: { anyOf: [oneKey("customerUserId", "profileId"), oneKey("profileId", "customerUserId")] },
    // The value is personal data: a pretty-printed lookup shows its key only.
    pretty: () => (lookup) => `{ ${keyOf(lookup)}: <redacted> }`,
    arbitrary: () => (fc) => {
      const value = Arbitrary.makeLazy(identifier)(fc)
      return fc.oneof(
        value.map((customerUserId): ProfileLookup => ({ customerUserId })),
        value.map((profileId): ProfileLookup => ({ profileId }))
      )
    }
  }
)
