/**
 * `Retry-After` (RFC 9110 10.2.3): delay-seconds or an HTTP-date, and
 * nothing else. `Date.parse` would read `1,5` or `-5` as dates in 2001.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const month = `(${months.join("|")})`
const time = "(\\d{2}):(\\d{2}):(\\d{2})"
// The three forms RFC 9110 5.6.7 asks a recipient to accept.
const imfFixdate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${month} (\\d{4}) ${time} GMT$`)
const rfc850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${month}-(\\d{2}) ${time} GMT$`
)
const asctime = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} ([ \\d]\\d) ${time} (\\d{4})$`)

const utc = (
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number
): number | undefined => {
  const m = months.indexOf(monthName)
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return undefined
  const millis = Date.UTC(year, m, day, hour, minute, Math.min(second, 59))
  // Date.UTC rolls 31 Feb over into March: such a date is no date.
  return new Date(millis).getUTCDate() === day ? millis : undefined
}

// RFC 9110: a two-digit year more than 50 years ahead is in the past century.
const fullYear = (twoDigits: number, now: number): number => {
  const current = new Date(now).getUTCFullYear()
  const year = Math.floor(current / 100) * 100 + twoDigits
  return year > current + 50 ? year - 100 : year
}

const parseHttpDate = (text: string, now: number): number | undefined => {
  let match = imfFixdate.exec(text)
  if (match !== null) {
    const [, day, name, year, hour, minute, second] = match
    return utc(Number(year), name!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = rfc850.exec(text)
  if (match !== null) {
    const [, day, name, year, hour, minute, second] = match
    return utc(fullYear(Number(year), now), name!, Number(day), Number(hour), Number(minute), Number(second))
  }
  match = asctime.exec(text)
  if (match !== null) {
    const [, name, day, hour, minute, second, year] = match
    return utc(Number(year), name!, Number(day!.trim()), Number(hour), Number(minute), Number(second))
  }
  return undefined
}

/**
 * The header's value as how long to wait from `now`, decoded by Schema:
 * delay-seconds (digits only), or an HTTP-date (a date in the past is no
 * wait at all).
 *
 * @internal
 */
export const RetryAfter = (now: number) =>
  Schema.transformOrFail(Schema.Trim, Schema.DurationFromSelf, {
    strict: true,
    decode: (text, _, ast) => {
      if (/^\d+$/.test(text)) return ParseResult.succeed(Duration.seconds(Number(text)))
      const date = parseHttpDate(text, now)
      return date === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, text, "neither delay-seconds nor an HTTP-date"))
        : ParseResult.succeed(Duration.millis(Math.max(0, date - now)))
    },
    encode: (duration) => ParseResult.succeed(String(Math.ceil(Duration.toSeconds(duration))))
  })

/**
 * The wait a `Retry-After` value asks for, or `undefined` when there is none
 * or it is neither form (then it is ignored).
 *
 * @internal
 */
export const parse = (value: string | undefined, now: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  // A header sent twice arrives joined by ", " on some transports: of several
  // delays, the longest, so that no retry comes earlier than asked. (`1,5`,
  // without the space, is no list but a malformed value.)
  if (/^\d+(?:, \d+)+$/.test(value.trim())) {
    return Duration.seconds(Math.max(...value.trim().split(", ").map(Number)))
  }
  const decoded = Schema.decodeUnknownEither(RetryAfter(now))(value)
  return Either.isRight(decoded) ? decoded.right : undefined
}
