// The published packages, in dependency order (each is built after those it
// imports): the one list that build, check-packages and docs go through.
export const packages = ["core", "http", "testing", "cli"]
