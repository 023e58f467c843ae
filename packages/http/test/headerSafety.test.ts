/**
 * Header safety as properties, over thousands of generated strings: every
 * accepted identifier arrives on the wire byte for byte; every rejected one
 * fails with InvalidProfileLookup before any request, and appears nowhere.
 */
import { InvalidProfileLookup, type ProfileLookup, ProfileLookupRules, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, FastCheck as fc, Layer, Redacted } from "effect"
import { makeCapture, withAllLogs } from "./capture.js"
import { apiKey, scripted, status, transports } from "./utils.js"

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code))
const visible = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code))

/** Valid identifiers: visible ends, any printable ASCII between, up to the bound. */
const accepted = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(visible, fc.string({ unit: printable, maxLength: 64 }), visible) },
  { weight: 1, arbitrary: fc.tuple(visible, fc.string({ unit: printable, maxLength: ProfileLookupRules.maxLength - 2 }), visible) }
).map(([first, middle, last]) => `${first}${middle}${last}`)

/** A token every rejected value carries, so that "appears in no output" is checkable even for short values. */
const token = fc.stringMatching(/^[a-z0-9]{12}$/).map((t) => `tok${t}`)

const badChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constant("\u007f"),
  fc.integer({ min: 0x80, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCharCode(c)),
  fc.constantFrom("é", "日", "\u2028", "\u00a0", "😀")
)

const rejected = fc.oneof(
  // a bad character anywhere
  fc.tuple(fc.string({ unit: printable, maxLength: 20 }), badChar, token, fc.string({ unit: printable, maxLength: 20 }))
    .map(([a, bad, t, b]) => `x${a}${bad}${t}${b}x`),
  // leading or trailing whitespace
  fc.tuple(token, fc.constantFrom(" ", "\t", "\n", "\r\n", "  ")).chain(([t, ws]) =>
    fc.constantFrom(`${ws}${t}`, `${t}${ws}`)
  ),
  // too long
  token.map((t) => t.repeat(Math.ceil((ProfileLookupRules.maxLength + 1) / t.length)))
)

const lookupFor = (key: "customerUserId" | "profileId", value: string): ProfileLookup =>
  key === "customerUserId" ? { customerUserId: value } : { profileId: value }

const header = { customerUserId: "adapty-customer-user-id", profileId: "adapty-profile-id" } as const

for (const [name, transport] of transports) {
  describe(`header safety on ${name}`, () => {
    it.live("every accepted identifier arrives byte for byte (1,500 generated)", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        const values = fc.sample(accepted, { numRuns: 1500, seed: 20261130 })
        const layer = HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl: server.url, retry: false })
          .pipe(Layer.provide(transport))
        yield* Effect.forEach(values, (value, i) => {
          const key = i % 2 === 0 ? "customerUserId" : "profileId"
          assert.isTrue(ProfileLookupRules.checkValue(value) === undefined)
          return ProfileService.deleteProfile(lookupFor(key, value))
        }, { concurrency: 16, discard: true }).pipe(Effect.provide(layer))
        assert.strictEqual(server.requests.length, values.length)
        const received = new Set<string>()
        for (const request of server.requests) {
          // rawHeaders keeps the bytes as sent (latin1 is byte-preserving).
          const raw = request.rawHeaders
          const names = raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase())
          const idHeaders = names.filter((n) => n === header.customerUserId || n === header.profileId)
          assert.strictEqual(idHeaders.length, 1, "exactly one identifier header")
          received.add(raw[names.indexOf(idHeaders[0]!) * 2 + 1]!)
        }
        for (const value of values) assert.isTrue(received.has(value), "a value did not arrive unchanged")
      }).pipe(Effect.scoped))

    it.live("every rejected identifier fails before any request and is echoed nowhere (3,000 generated)", () => {
      const capture = makeCapture()
      return Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        const values = fc.sample(fc.tuple(rejected, fc.boolean()), { numRuns: 3000, seed: 11302026 })
        const layer = HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl: server.url })
          .pipe(Layer.provide(transport))
        const outputs: Array<string> = []
        yield* Effect.forEach(values, ([value, byCustomer]) =>
          Effect.gen(function*() {
            const exit = yield* Effect.exit(
              ProfileService.deleteProfile(lookupFor(byCustomer ? "customerUserId" : "profileId", value))
            )
            if (Exit.isSuccess(exit) || !Cause.isFailType(exit.cause)) {
              return assert.fail("a rejected value was accepted")
            }
            const error = exit.cause.error
            assert.instanceOf(error, InvalidProfileLookup)
            const printed = [String(error), JSON.stringify(error), Cause.pretty(exit.cause)]
            for (const output of printed) assert.notInclude(output, value)
            outputs.push(...printed)
          }), { discard: true }).pipe(Effect.provide(layer))
        assert.strictEqual(server.requests.length, 0, "a rejected value reached the network")
        // Every value carries a token: no token anywhere means no value anywhere,
        // in the errors, the log lines or the spans.
        const text = outputs.join("\n") + capture.allText()
        assert.isNull(/tok[a-z0-9]{12}/.exec(text))
        assert.isAbove(capture.spans.length, 0)
      }).pipe(withAllLogs, Effect.provide(capture.layer), Effect.scoped)
    })
  })
}
