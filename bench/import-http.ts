/** The entry whose import time the benchmark measures: the live layer's package. */
export * from "@effect-adapty/http"
