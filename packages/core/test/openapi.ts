/**
 * The profile API's OpenAPI file, for tests: its examples and an Ajv
 * validator for its component schemas.
 *
 * fixtures/adapty-profile-api.openapi.json is the JSON rendering of
 * adapty-profile-api.openapi.yaml (the spec shared with the project,
 * sha256 435673e7…29383), made with the `yaml` package, which this package
 * does not depend on.
 *
 * The file says `openapi: 3.1.0` but marks nullable fields with the 3.0
 * keyword `nullable: true`, which Ajv refuses beside `$ref` or `allOf` and
 * a strict 3.1 reading ignores (then the file's own examples fail). As
 * PROFILE-API-NOTES.md advises, it is converted to `type: [X, "null"]`
 * (or `anyOf` with `{ type: "null" }`) before validating.
 */
import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

export const isObject = (value: Json): value is { readonly [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const parsed: Json = JSON.parse(
  readFileSync(fileURLToPath(new URL("./fixtures/adapty-profile-api.openapi.json", import.meta.url)), "utf8")
)

/** The value at a path of keys; fails the test when there is none. */
export const at = (...path: ReadonlyArray<string>): Json =>
  path.reduce<Json>((node, key) => {
    if (!isObject(node) || !(key in node)) throw new Error(`no ${path.join(".")} in the OpenAPI file`)
    return node[key]!
  }, parsed)

/** An operation's example, by path, method and the rest of the path to it. */
export const example = (path: string, method: string, ...rest: ReadonlyArray<string>): Json =>
  at("paths", path, method, ...rest)

/** The `properties` keys and the `required` list of a component schema. */
export const shape = (name: string): { readonly properties: ReadonlyArray<string>; readonly required: ReadonlyArray<string> } => {
  const schema = at("components", "schemas", name)
  const properties = isObject(schema) && isObject(schema.properties!) ? Object.keys(schema.properties) : []
  const required = isObject(schema) && Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : []
  return { properties, required }
}

// `nullable: true` (OpenAPI 3.0) as JSON Schema.
const convert = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(convert)
  if (!isObject(node)) return node
  const entries = Object.entries(node).filter(([key]) => key !== "nullable").map(([key, value]) => [key, convert(value)] as const)
  const converted: { [key: string]: Json } = Object.fromEntries(entries)
  if (node.nullable !== true) return converted
  if (typeof converted.type === "string") {
    converted.type = [converted.type, "null"]
    if (Array.isArray(converted.enum)) converted.enum = [...converted.enum, null]
    return converted
  }
  return { anyOf: [converted, { type: "null" }] }
}

const ajv = new Ajv({ allErrors: true, strict: false })
// The formats the file uses, checked as tightly as the models read them.
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/)
ajv.addFormat("date-time", {
  validate: (value: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value))
})
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/)
ajv.addFormat("float", { type: "number", validate: () => true })
ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isSafeInteger(value) })
ajv.addSchema({ components: convert(at("components")) }, "spec")

const validators = new Map<string, ValidateFunction>()

/** Why a value does not conform to a component schema, or undefined when it does. */
export const violations = (name: string, value: unknown): string | undefined => {
  let validator = validators.get(name)
  if (validator === undefined) {
    validator = ajv.getSchema(`spec#/components/schemas/${name}`)
    if (validator === undefined) throw new Error(`no schema ${name}`)
    validators.set(name, validator)
  }
  return validator(value) ? undefined : ajv.errorsText(validator.errors)
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * A wire value with every date-time written as the models write it
 * (`toISOString`: UTC, milliseconds), so that an example and its re-encoding
 * can be compared.
 */
export const normalizeDateTimes = (node: Json): Json => {
  if (typeof node === "string") return isoDateTime.test(node) ? new Date(node).toISOString() : node
  if (Array.isArray(node)) return node.map(normalizeDateTimes)
  if (!isObject(node)) return node
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, normalizeDateTimes(value)]))
}

/** snake_case to camelCase. */
export const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
