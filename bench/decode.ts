/**
 * `tsx bench/decode.ts`: the cost of decoding getProfile's answer (the
 * OpenAPI file's example profile, bench/profile.json), by the Schema decoder
 * and by the fast path the live layer takes first, per profile, JSON.parse
 * included. The reason the fast path exists: in `pnpm bench`, getProfile ran
 * at about half of raw fetch + json() with the Schema decoder alone.
 */
import { ProfileResponse } from "@effect-adapty/core"
import { Schema } from "effect"
import * as Fs from "node:fs"
import { decodeProfileResponse } from "../packages/core/src/internal/fastProfile.js"

const text = Fs.readFileSync(new URL("./profile.json", import.meta.url), "utf8")
const schema = Schema.decodeUnknownEither(ProfileResponse)
const count = 50_000
const perProfile = (f: () => unknown): number => {
  for (let i = 0; i < 5_000; i++) f()
  const started = performance.now()
  for (let i = 0; i < count; i++) f()
  return ((performance.now() - started) / count) * 1000
}
for (let round = 0; round < 3; round++) {
  const parse = perProfile(() => JSON.parse(text))
  const slow = perProfile(() => schema(JSON.parse(text)))
  const fast = perProfile(() => decodeProfileResponse(JSON.parse(text)))
  console.log(
    `JSON.parse ${parse.toFixed(1)} µs, + Schema decoder ${slow.toFixed(1)} µs, + fast path ${fast.toFixed(1)} µs`
  )
}
