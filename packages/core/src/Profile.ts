/**
 * The profile models of Adapty's server-side API: the `Profile` every
 * operation answers with (inside `{ "data": … }`), the body of create and
 * update (`ProfileInput`), and the checks an input passes before anything
 * is sent.
 *
 * Every schema decodes the wire's snake_case JSON into camelCase fields and
 * encodes back to it. Date-times are `DateTime.Utc`; a field the wire may
 * send as `null` is an `Option`. Responses are read leniently (unknown
 * fields are ignored, and the store, environment and offer names are free
 * strings, since Adapty adds values), but a response that lacks a required
 * field or has a field of the wrong type does not decode.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { InvalidInput } from "./AdaptyError.js"

// -----------------------------------------------------------------------------
// Wire fields
// -----------------------------------------------------------------------------

/**
 * A required wire field under its snake_case key.
 *
 * Shared with the purchase models; not exported from the package root.
 *
 * @since 0.2.0
 * @category wire
 */
export const required = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/**
 * A wire field that is always present and may be `null`: `Option` in the
 * model, `null` on the wire for `None`.
 *
 * @since 0.2.0
 * @category wire
 */
export const requiredNullable = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  Schema.propertySignature(Schema.OptionFromNullOr(schema)).pipe(Schema.fromKey(key))

/**
 * A response field that may be `null` or absent (the OpenAPI file marks it
 * nullable and not required): `Option` in the model, both decode to `None`,
 * and `None` encodes to `null`, as Adapty sends it.
 *
 * @since 0.2.0
 * @category wire
 */
export const nullish = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToRequired(Schema.NullOr(schema), Schema.OptionFromSelf(Schema.typeSchema(schema)), {
    decode: Option.flatMap(Option.fromNullable),
    encode: (value) => Option.some(Option.getOrNull(value))
  }).pipe(Schema.fromKey(key))

/**
 * An input field that may be left out: absent (or `undefined`) is not sent,
 * not even as a key with no value.
 *
 * @since 0.2.0
 * @category wire
 */
export const optional = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(schema, Schema.UndefinedOr(Schema.typeSchema(schema)), {
    decode: (value) => value,
    encode: Option.filter(Predicate.isNotUndefined)
  }).pipe(Schema.fromKey(key))

/**
 * An input field that may be left out or sent as `null`: absent is not
 * sent, `Option.none()` is sent as `null` (on update: clear the value), and
 * `Option.some(value)` is sent as the value.
 *
 * @since 0.2.0
 * @category wire
 */
export const optionalNullable = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  optional(key, Schema.OptionFromNullOr(schema))

/**
 * An input field for which Adapty reads `null` as it reads an absent field:
 * absent (or `undefined`) is not sent, and `null` decodes to absent.
 *
 * @since 0.2.0
 * @category wire
 */
export const optionalOrNull = <K extends string, A, I, R>(key: K, schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(Schema.NullOr(schema), Schema.UndefinedOr(Schema.typeSchema(schema)), {
    decode: Option.filter(Predicate.isNotNull),
    encode: Option.filter(Predicate.isNotUndefined)
  }).pipe(Schema.fromKey(key))

const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * Whether a string is a date-time as the wire writes them: RFC 3339
 * (`2024-12-24T10:50:23+00:00`, `…23.461425Z`; Adapty's reference also shows
 * `+0000`), with its offset and a date that exists. `Date` alone reads `2024-02-31` as March 2nd and `"1"` as a
 * year: a date that a broken answer got wrong must not pass as a real one.
 *
 * @since 0.2.0
 * @category wire
 */
export const isIsoDateTime = (value: string): boolean => {
  const parts = isoDateTime.exec(value)
  if (parts === null) return false
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = parts.map(Number)
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysIn(year!, month!) && hour! <= 23 &&
    minute! <= 59 && second! <= 59 && (offsetHour === undefined || Number.isNaN(offsetHour) || offsetHour <= 23) &&
    (offsetMinute === undefined || Number.isNaN(offsetMinute) || offsetMinute <= 59)
}

/**
 * A wire date-time (an RFC 3339 string, see {@link isIsoDateTime}) as a
 * `DateTime.Utc`, whose `Arbitrary` keeps to the years 0001-9999, which an
 * ISO 8601 string writes without a sign, as the wire does.
 *
 * @since 0.2.0
 * @category wire
 */
export const DateTimeUtc = Schema.compose(
  Schema.String.pipe(Schema.filter(isIsoDateTime, { description: "an RFC 3339 date-time with its offset" })),
  Schema.DateTimeUtc
).annotations({
  arbitrary: () => (fc) =>
    fc.date({ min: new Date("0001-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true })
      .map(DateTime.unsafeFromDate)
})

// -----------------------------------------------------------------------------
// Rules
// -----------------------------------------------------------------------------

// Lengths are counted in Unicode code points, as JSON Schema's maxLength and
// Adapty's server count them: an emoji is one character, not two.
const length = (value: string): number => {
  let count = 0
  for (const _ of value) count++
  return count
}

/**
 * A string of at most `max` characters (Unicode code points).
 *
 * @since 0.2.0
 * @category rules
 */
export const maxChars = (max: number) => <A extends string, I, R>(self: Schema.Schema<A, I, R>) =>
  self.pipe(Schema.filter((value) => length(value) <= max, { description: `at most ${max} characters long` }))

/**
 * A string that is not empty.
 *
 * @since 0.2.0
 * @category rules
 */
export const nonEmpty = <A extends string, I, R>(self: Schema.Schema<A, I, R>) =>
  self.pipe(Schema.filter((value) => value.length > 0, { description: "at least 1 character long" }))

/**
 * The most custom attributes a profile may have.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxCustomAttributes = 30

/**
 * The longest custom attribute key, in characters.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxCustomAttributeKeyLength = 30

/**
 * The longest custom attribute value, in characters, when it is a string.
 *
 * @since 0.2.0
 * @category rules
 */
export const maxCustomAttributeValueLength = 50

const keyCharacters = /^[A-Za-z0-9._-]*$/

// The input rules also say how to generate valid values, for property tests.
const CustomAttributeKey = Schema.String.pipe(
  nonEmpty,
  maxChars(maxCustomAttributeKeyLength),
  Schema.filter((key) => keyCharacters.test(key), {
    description: "made of ASCII letters, digits, '-', '.' and '_' only",
    arbitrary: () => (fc) => fc.stringMatching(/^[A-Za-z0-9._-]{1,30}$/)
  })
)

const CustomAttributeValue = Schema.Union(
  Schema.String.pipe(
    nonEmpty,
    maxChars(maxCustomAttributeValueLength),
    Schema.annotations({
      arbitrary: () => (fc) => fc.string({ unit: "grapheme", minLength: 1, maxLength: maxCustomAttributeValueLength })
    })
  ),
  Schema.Finite
)

const date = /^(\d{4})-(\d{2})-(\d{2})$/

// A real calendar day as YYYY-MM-DD (OpenAPI `format: date`).
const isCalendarDate = (value: string): boolean => {
  const match = date.exec(value)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const utc = new Date(Date.UTC(year, month - 1, day))
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day
}

const CalendarDate = Schema.String.pipe(
  Schema.filter(isCalendarDate, {
    description: "a calendar date as YYYY-MM-DD",
    arbitrary: () => (fc) =>
      fc.date({ min: new Date("1900-01-01T00:00:00.000Z"), max: new Date("2099-12-31T00:00:00.000Z"), noInvalidDate: true })
        .map((day) => day.toISOString().slice(0, 10))
  })
)

// OpenAPI `format: email`, read loosely: something@something, no whitespace.
const Email = Schema.String.pipe(
  Schema.filter((value) => /^[^\s@]+@[^\s@]+$/.test(value), {
    description: "an e-mail address",
    arbitrary: () => (fc) => fc.emailAddress()
  })
)

// -----------------------------------------------------------------------------
// Input checks
// -----------------------------------------------------------------------------

type PathSegment = PropertyKey

const formatPath = (path: ReadonlyArray<PathSegment>): string =>
  path.reduce<string>(
    (out, segment) =>
      typeof segment === "number"
        ? `${out}[${segment}]`
        : typeof segment === "string"
        ? out === "" ? segment : `${out}.${segment}`
        : `${out}[${String(segment)}]`,
    ""
  )

// What a schema expects, in words, from the schema alone: never from the value.
const expected = (ast: AST.AST): string => {
  if (ast._tag === "Declaration") return kind(ast)
  return Option.getOrElse(AST.getDescriptionAnnotation(ast), () => {
    switch (ast._tag) {
      case "Refinement":
        return expected(ast.from)
      case "Transformation":
        return expected(ast.to)
      default:
        return kind(ast)
    }
  })
}

// The kind of value a schema takes, without its refinements: how the
// members of a union are listed ("a string or a number").
const kind = (ast: AST.AST): string => {
  switch (ast._tag) {
    case "Literal":
      return JSON.stringify(ast.literal)
    case "Union":
      return ast.types.filter((member) => !AST.isUndefinedKeyword(member)).map(kind).join(" or ")
    case "TypeLiteral":
      return "an object"
    case "TupleType":
      return "a list"
    case "Refinement":
      return Option.isSome(AST.getIdentifierAnnotation(ast)) ? expected(ast) : kind(ast.from)
    case "Transformation":
      return kind(ast.to)
    case "Declaration": {
      // Option's own description names the inner schema by its class name.
      const [inner] = ast.typeParameters
      const description = AST.getDescriptionAnnotation(ast)
      return inner !== undefined && Option.exists(description, (text) => text.startsWith("Option<"))
        ? `an Option of ${kind(inner)}`
        : Option.getOrElse(description, () => "of the documented type")
    }
    default:
      return Option.getOrElse(AST.getDescriptionAnnotation(ast), () => "of the documented type")
  }
}

const isList = <A>(value: ParseResult.SingleOrNonEmpty<A>): value is readonly [A, ...Array<A>] => Array.isArray(value)

const toList = <A>(value: ParseResult.SingleOrNonEmpty<A>): ReadonlyArray<A> => isList(value) ? value : [value]

// Whether an issue is a value of the wrong kind altogether (not a string
// where a string is wanted), as opposed to a value of the right kind that
// broke a rule further in.
const isMismatch = (issue: ParseResult.ParseIssue): boolean => {
  switch (issue._tag) {
    case "Type":
      return true
    case "Refinement":
      return issue.kind === "From" && isMismatch(issue.issue)
    case "Transformation":
      return isMismatch(issue.issue)
    case "Composite":
      return AST.isUnion(issue.ast) && toList(issue.issues).every(isMismatch)
    default:
      return false
  }
}

interface Finding {
  readonly path: ReadonlyArray<PathSegment>
  readonly rule: string
}

// The first broken rule of a parse issue and where it broke. The `actual`
// value of an issue, and its `message` (which may quote the value), are
// never read.
const firstFinding = (issue: ParseResult.ParseIssue, path: ReadonlyArray<PathSegment>): Finding => {
  // A key given as `undefined` is a key left out (only whether the value is
  // `undefined` is read, never what it is).
  if (isMismatch(issue) && issue.actual === undefined) return { path, rule: "is required" }
  switch (issue._tag) {
    case "Pointer":
      return firstFinding(issue.issue, [...path, ...toList(issue.path)])
    case "Transformation":
      return firstFinding(issue.issue, path)
    case "Refinement":
      return issue.kind === "From"
        ? firstFinding(issue.issue, path)
        : { path, rule: `must be ${expected(issue.ast)}` }
    case "Composite": {
      const issues = toList(issue.issues)
      if (AST.isUnion(issue.ast)) {
        // The member that got furthest is the one the value was meant for.
        const deeper = issues.filter((member) => !isMismatch(member))
        const [only] = deeper
        return only !== undefined && deeper.length === 1
          ? firstFinding(only, path)
          : { path, rule: `must be ${kind(issue.ast)}` }
      }
      const [first] = issues
      return first === undefined ? { path, rule: `must be ${expected(issue.ast)}` } : firstFinding(first, path)
    }
    case "Type":
      return { path, rule: `must be ${expected(issue.ast)}` }
    case "Missing":
      return { path, rule: "is required" }
    case "Unexpected":
      return { path, rule: "is not allowed" }
    case "Forbidden":
      return { path, rule: "could not be checked" }
  }
}

/**
 * The sentence of an `InvalidInput` for a parse issue of an input: the
 * field (as a path of model field names and list indices) and the rule it
 * broke. It never quotes the value: values are personal data (custom
 * attributes, e-mail addresses, phone numbers, transaction ids).
 *
 * @since 0.2.0
 * @category checks
 */
export const describeIssue = (issue: ParseResult.ParseIssue, subject: string): string => {
  const finding = firstFinding(issue, [])
  const field = formatPath(finding.path)
  return field === "" ? `the ${subject} ${finding.rule}` : `${subject}.${field} ${finding.rule}`
}

const toInvalidInput = (subject: string) => (error: ParseResult.ParseError): InvalidInput =>
  new InvalidInput({ reason: describeIssue(error.issue, subject) })

const subjectOf = (schema: Schema.Schema.Any): string =>
  Option.getOrElse(AST.getIdentifierAnnotation(schema.ast), () => "input")

/**
 * Checks an input against its schema (types, lengths, formats, the limits
 * Adapty documents). On success it gives a fresh copy that holds only the
 * fields the schema knows; on failure an {@link InvalidInput} that names the
 * field and the rule, never the value.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkInput = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = encodeInput(schema)
  const decode = Schema.decodeEither(schema)
  const subject = subjectOf(schema)
  return (input: unknown): Either.Either<A, InvalidInput> =>
    Either.flatMap(encode(input), (wire) => Either.mapLeft(decode(wire), toInvalidInput(subject)))
}

/**
 * Checks an input as {@link checkInput} does and gives its wire form, the
 * JSON body to send. Fields that were left out are not in it.
 *
 * @since 0.2.0
 * @category checks
 */
export const encodeInput = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encodeUnknownEither(schema)
  const subject = subjectOf(schema)
  const unreadable = new InvalidInput({
    reason: `${subject} could not be read: a getter or proxy threw, or a DateTime is not a valid time`
  })
  return (input: unknown): Either.Either<I, InvalidInput> => {
    // A getter or a proxy may throw, and so does an invalid DateTime's ISO
    // form: an input that cannot be read is invalid, not a defect.
    try {
      return Either.mapLeft(encode(input), toInvalidInput(subject))
    } catch {
      return Either.left(unreadable)
    }
  }
}

// -----------------------------------------------------------------------------
// Response models
// -----------------------------------------------------------------------------

// Response fields are read leniently, but generate (for property tests) only
// what the OpenAPI file documents: UUIDs for ids, its enum values for free
// strings, and (with {@link DateTimeUtc}) date-times of four-digit years.

const Uuid = Schema.String.annotations({ arbitrary: () => (fc) => fc.uuid() })

const documented = (...values: readonly [string, ...Array<string>]) =>
  Schema.String.annotations({ arbitrary: () => (fc) => fc.constantFrom(...values) })

const Store = documented("app_store", "play_store", "stripe", "adapty", "paddle")

const Environment = documented("Sandbox", "Production")


/**
 * A custom attribute of a profile: a key and a string or number value.
 *
 * In a response it is read as Adapty sends it; in a {@link ProfileInput} the
 * documented limits apply (see {@link checkProfileInput}).
 *
 * @since 0.2.0
 * @category schemas
 */
export const CustomAttribute = Schema.Struct({
  key: Schema.String.annotations({ arbitrary: () => (fc) => fc.stringMatching(/^[A-Za-z0-9._-]{1,30}$/) }),
  value: Schema.Union(
    Schema.String.annotations({ arbitrary: () => (fc) => fc.string({ minLength: 1, maxLength: maxCustomAttributeValueLength }) }),
    Schema.Finite
  )
}).annotations({ identifier: "CustomAttribute" })

/**
 * @since 0.2.0
 * @category models
 */
export interface CustomAttribute extends Schema.Schema.Type<typeof CustomAttribute> {}

/**
 * The introductory or promotional offer applied to an access level or a
 * subscription. `category` (`introductory`, `promotional`, `offer_code`,
 * `win_back`, …) and `type` (`free_trial`, `pay_as_you_go`, `pay_up_front`,
 * …) are read as free strings: Adapty adds values.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Offer = Schema.Struct({
  category: documented("introductory", "promotional", "offer_code", "win_back"),
  type: documented("free_trial", "pay_as_you_go", "pay_up_front"),
  id: nullish("id", Schema.String)
}).annotations({ identifier: "Offer" })

/**
 * @since 0.2.0
 * @category models
 */
export interface Offer extends Schema.Schema.Type<typeof Offer> {}

// What Adapty keeps of the store purchase behind an access level, a
// subscription or a non-subscription.
const storeFields = {
  store: required("store", Store),
  storeProductId: required("store_product_id", Schema.String),
  storeBasePlanId: nullish("store_base_plan_id", Schema.String),
  storeTransactionId: required("store_transaction_id", Schema.String),
  storeOriginalTransactionId: required("store_original_transaction_id", Schema.String),
  purchasedAt: required("purchased_at", DateTimeUtc)
}

// The period of an access level or a subscription.
const periodFields = {
  offer: nullish("offer", Offer),
  originallyPurchasedAt: required("originally_purchased_at", DateTimeUtc),
  expiresAt: nullish("expires_at", DateTimeUtc),
  renewalCancelledAt: nullish("renewal_cancelled_at", DateTimeUtc),
  billingIssueDetectedAt: nullish("billing_issue_detected_at", DateTimeUtc),
  isInGracePeriod: required("is_in_grace_period", Schema.Boolean),
  cancellationReason: nullish("cancellation_reason", Schema.String)
}

/**
 * An access level of a profile (`premium`, …) and the purchase that gave it.
 *
 * @since 0.2.0
 * @category schemas
 */
export const AccessLevel = Schema.Struct({
  accessLevelId: required("access_level_id", Schema.String),
  ...storeFields,
  ...periodFields,
  startsAt: nullish("starts_at", DateTimeUtc)
}).annotations({ identifier: "AccessLevel" })

/**
 * @since 0.2.0
 * @category models
 */
export interface AccessLevel extends Schema.Schema.Type<typeof AccessLevel> {}

/**
 * A subscription of a profile. `environment` is `Sandbox` or `Production`
 * (read as a free string).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Subscription = Schema.Struct({
  ...storeFields,
  ...periodFields,
  environment: required("environment", Environment)
}).annotations({ identifier: "Subscription" })

/**
 * @since 0.2.0
 * @category models
 */
export interface Subscription extends Schema.Schema.Type<typeof Subscription> {}

/**
 * A purchase of a profile that is not a subscription (a lifetime unlock, a
 * consumable, …).
 *
 * @since 0.2.0
 * @category schemas
 */
export const NonSubscription = Schema.Struct({
  purchaseId: required("purchase_id", Uuid),
  ...storeFields,
  environment: required("environment", Environment),
  isRefund: required("is_refund", Schema.Boolean),
  isConsumable: required("is_consumable", Schema.Boolean)
}).annotations({ identifier: "NonSubscription" })

/**
 * @since 0.2.0
 * @category models
 */
export interface NonSubscription extends Schema.Schema.Type<typeof NonSubscription> {}

/**
 * An end user's profile, as every profile and purchase operation answers.
 *
 * `timestamp` is the time the answer was made, in milliseconds: of two
 * answers about the same profile, the one with the higher timestamp is the
 * newer.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Profile = Schema.Struct({
  appId: required("app_id", Uuid),
  profileId: required("profile_id", Uuid),
  customerUserId: requiredNullable("customer_user_id", Schema.String),
  totalRevenueUsd: required("total_revenue_usd", Schema.Finite),
  segmentHash: required("segment_hash", Schema.String),
  timestamp: required("timestamp", Schema.Int),
  customAttributes: required("custom_attributes", Schema.Array(CustomAttribute)),
  accessLevels: required("access_levels", Schema.Array(AccessLevel)),
  subscriptions: required("subscriptions", Schema.Array(Subscription)),
  nonSubscriptions: required("non_subscriptions", Schema.Array(NonSubscription))
}).annotations({ identifier: "Profile" })

/**
 * @since 0.2.0
 * @category models
 */
export interface Profile extends Schema.Schema.Type<typeof Profile> {}

/**
 * Whether an access level gives access at `now`: it has started (no
 * `startsAt`, or one not after `now`) and has not ended (no `expiresAt`, one
 * after `now`, or the store's grace period after a failed renewal). This is
 * the check Adapty's server-side guide has callers make on `access_levels`.
 *
 * @since 0.2.0
 * @category access
 */
export const isAccessLevelActive = (level: AccessLevel, now: DateTime.Utc): boolean =>
  Option.match(level.startsAt, { onNone: () => true, onSome: (start) => DateTime.lessThanOrEqualTo(start, now) }) &&
  (level.isInGracePeriod ||
    Option.match(level.expiresAt, { onNone: () => true, onSome: (end) => DateTime.greaterThan(end, now) }))

/**
 * Whether the profile has the access level `accessLevelId` active at `now`
 * (see {@link isAccessLevelActive}).
 *
 * @example
 * ```ts
 * import { hasActiveAccessLevel, ProfileService } from "@effect-adapty/core"
 * import { DateTime, Effect } from "effect"
 *
 * const isPremium = (customerUserId: string) =>
 *   Effect.gen(function*() {
 *     const profile = yield* ProfileService.getProfile({ customerUserId })
 *     return hasActiveAccessLevel(profile, "premium", yield* DateTime.now)
 *   })
 * ```
 *
 * @since 0.2.0
 * @category access
 */
export const hasActiveAccessLevel = (
  profile: Pick<Profile, "accessLevels">,
  accessLevelId: string,
  now: DateTime.Utc
): boolean =>
  profile.accessLevels.some((level) => level.accessLevelId === accessLevelId && isAccessLevelActive(level, now))

/**
 * The body of every successful profile and purchase answer: `{ "data": Profile }`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ProfileResponse = Schema.Struct({
  data: Profile
}).annotations({ identifier: "ProfileResponse" })

/**
 * @since 0.2.0
 * @category models
 */
export interface ProfileResponse extends Schema.Schema.Type<typeof ProfileResponse> {}

// -----------------------------------------------------------------------------
// Input models
// -----------------------------------------------------------------------------

/**
 * The device a profile is created from. `deviceId` is required and is a
 * UUID; every other field may be left out, or sent as `null` with
 * `Option.none()`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const InstallationMeta = Schema.Struct({
  deviceId: required("device_id", Schema.UUID),
  device: optionalNullable("device", Schema.String),
  locale: optionalNullable("locale", Schema.String),
  os: optionalNullable("os", Schema.String),
  platform: optionalNullable("platform", Schema.Literal("iOS", "macOS", "iPadOS", "Android", "visionOS", "web")),
  timezone: optionalNullable("timezone", Schema.String),
  userAgent: optionalNullable("user_agent", Schema.String),
  appBuild: optionalNullable("app_build", Schema.String),
  appVersion: optionalNullable("app_version", Schema.String),
  adaptySdkVersion: optionalNullable("adapty_sdk_version", Schema.String),
  idfa: optionalNullable("idfa", Schema.String),
  idfv: optionalNullable("idfv", Schema.String),
  advertisingId: optionalNullable("advertising_id", Schema.String),
  androidId: optionalNullable("android_id", Schema.String),
  androidAppSetId: optionalNullable("android_app_set_id", Schema.String)
}).annotations({ identifier: "InstallationMeta" })

/**
 * @since 0.2.0
 * @category models
 */
export interface InstallationMeta extends Schema.Schema.Type<typeof InstallationMeta> {}

const CustomAttributeInput = Schema.Struct({
  key: CustomAttributeKey,
  value: CustomAttributeValue
}).annotations({ identifier: "CustomAttribute" })

const CustomAttributesInput = Schema.Array(CustomAttributeInput).pipe(
  Schema.filter((attributes) => attributes.length <= maxCustomAttributes, {
    description: `a list of at most ${maxCustomAttributes} attributes`
  })
)

const profileInputFields = {
  firstName: optionalNullable("first_name", Schema.String),
  lastName: optionalNullable("last_name", Schema.String),
  gender: optionalNullable("gender", Schema.Literal("f", "m", "o")),
  email: optionalNullable("email", Email),
  phoneNumber: optionalNullable("phone_number", Schema.String),
  birthday: optionalNullable("birthday", CalendarDate),
  ipCountry: optionalNullable("ip_country", Schema.String),
  ipV4Address: optionalNullable("ip_v4_address", Schema.String),
  storeCountry: optionalNullable("store_country", Schema.String),
  store: optionalNullable("store", Schema.Literal("app_store", "play_store", "stripe", "adapty", "paddle")),
  storeAccountToken: optionalNullable("store_account_token", Schema.UUID),
  attStatus: optionalNullable("att_status", Schema.Literal(0, 1, 2, 3)),
  analyticsDisabled: optionalNullable("analytics_disabled", Schema.Boolean),
  customAttributes: optional("custom_attributes", CustomAttributesInput),
  installationMeta: optional("installation_meta", InstallationMeta)
}

/**
 * The body of create and update. Every field may be left out: update sends
 * only the fields it is given. A field that Adapty lets be `null` is an
 * `Option`: `Option.none()` sends `null` (on update, clears the value).
 *
 * `birthday` is a calendar date, `YYYY-MM-DD`. The limits Adapty documents
 * are checked before sending (see {@link checkProfileInput}): at most 30
 * custom attributes, a key of 1 to 30 ASCII letters, digits, `-`, `.` or
 * `_`, a string value of 1 to 50 characters or a finite number; `email` an
 * e-mail address; `storeAccountToken` and `installationMeta.deviceId` UUIDs.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ProfileInput = Schema.Struct(profileInputFields).annotations({ identifier: "ProfileInput" })

/**
 * @since 0.2.0
 * @category models
 */
export interface ProfileInput extends Schema.Schema.Type<typeof ProfileInput> {}

/**
 * The body of create: a {@link ProfileInput} with `installationMeta` (and
 * so its `deviceId`), which the OpenAPI file requires.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CreateProfileInput = Schema.Struct({
  ...profileInputFields,
  installationMeta: required("installation_meta", InstallationMeta)
}).annotations({ identifier: "CreateProfileInput" })

/**
 * @since 0.2.0
 * @category models
 */
export interface CreateProfileInput extends Schema.Schema.Type<typeof CreateProfileInput> {}

/**
 * Checks the body of an update (a {@link ProfileInput}) before it is sent.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkProfileInput: (input: unknown) => Either.Either<ProfileInput, InvalidInput> = checkInput(ProfileInput)

/**
 * Checks the body of a create before it is sent: a {@link ProfileInput}
 * that has `installationMeta` with its `deviceId`.
 *
 * @since 0.2.0
 * @category checks
 */
export const checkCreateProfileInput: (input: unknown) => Either.Either<CreateProfileInput, InvalidInput> = checkInput(
  CreateProfileInput
)
