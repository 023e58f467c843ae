/**
 * Type tests (checked by `pnpm typecheck`, not run): the shapes that fail at
 * run time with InvalidProfileLookup must not compile either.
 */
import { type ProfileLookup, ProfileService } from "@effect-adapty/core"

declare const maybe: string | undefined

export const valid: ReadonlyArray<ProfileLookup> = [{ customerUserId: "a" }, { profileId: "b" }]

// @ts-expect-error both keys
export const both: ProfileLookup = { customerUserId: "a", profileId: "b" }

// @ts-expect-error the other key present, even as a maybe-undefined value
export const withMaybe: ProfileLookup = { customerUserId: "a", profileId: maybe }

// @ts-expect-error the other key present as undefined
export const withUndefined: ProfileLookup = { profileId: "b", customerUserId: undefined }

// @ts-expect-error no key
export const none: ProfileLookup = {}

// @ts-expect-error not a string
export const notAString: ProfileLookup = { profileId: 42 }

// @ts-expect-error through the service too
export const call = ProfileService.deleteProfile({ customerUserId: "a", profileId: "b" })
