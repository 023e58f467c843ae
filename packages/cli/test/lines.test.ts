import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as Readline from "node:readline"
import { Readable } from "node:stream"
import * as Input from "../src/Input.js"
import * as Journal from "../src/Journal.js"

/** What readline (with `crlfDelay: Infinity`, as the CLI used to read) makes of these chunks. */
const readlineLines = async (chunks: ReadonlyArray<Uint8Array>): Promise<Array<string>> => {
  const lines: Array<string> = []
  const rl = Readline.createInterface({ input: Readable.from(chunks.map((c) => Buffer.from(c))), crlfDelay: Infinity })
  for await (const line of rl) lines.push(line)
  return lines
}

const splitterLines = (chunks: ReadonlyArray<Uint8Array>, maxChars = 1_000_000) => {
  const splitter = Input.lineSplitter(maxChars)
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()]
}

/** A small deterministic generator, so that a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

const pieces = ["a", "bc", "\r", "\n", "\r\n", "\r\r\n", "\n\r", "é", "日本", "😀", " ", "\t", "x".repeat(50)]

const cut = (bytes: Uint8Array, next: () => number): Array<Uint8Array> => {
  const chunks: Array<Uint8Array> = []
  let at = 0
  while (at < bytes.length) {
    const size = 1 + Math.floor(next() * 7)
    chunks.push(bytes.slice(at, at + size))
    at += size
  }
  return chunks
}

describe("Input.lineSplitter", () => {
  it.effect("ends lines where readline does: \\n, \\r\\n, a lone \\r, and \\r\\n split across chunks", () =>
    Effect.promise(async () => {
      const fixed: Array<Array<string>> = [
        ["a\r", "\nb"],
        ["a\r", "\r\nb\r"],
        ["a\r\n", "\r", "\n", "\n"],
        ["\r", "\n", "x"],
        ["a\rb\nc\r\nd"],
        ["", "a\n\n\n"],
        ["a\r\r\r\nb"]
      ]
      for (const texts of fixed) {
        const chunks = texts.map((t) => new TextEncoder().encode(t))
        assert.deepStrictEqual(splitterLines(chunks), await readlineLines(chunks), JSON.stringify(texts))
      }
      const next = random(7)
      for (let round = 0; round < 300; round++) {
        const text = Array.from({ length: 1 + Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)]).join("")
        const chunks = cut(new TextEncoder().encode(text), next)
        assert.deepStrictEqual(splitterLines(chunks), await readlineLines(chunks), JSON.stringify(text))
      }
    }))

  it.effect("decodes invalid UTF-8 as U+FFFD, line by line, as readline did", () =>
    Effect.promise(async () => {
      const chunks = [Uint8Array.of(0x61, 0xff, 0x0a, 0xe6, 0x97), Uint8Array.of(0x0d, 0x62, 0xc3), Uint8Array.of(0xa9)]
      assert.deepStrictEqual(splitterLines(chunks), await readlineLines(chunks))
      assert.deepStrictEqual(splitterLines(chunks), ["a\uFFFD", "\uFFFD", "bé"])
    }))

  it("strips a UTF-8 byte order mark at the very start only, even split across chunks", () => {
    assert.deepStrictEqual(splitterLines([Uint8Array.of(0xef), Uint8Array.of(0xbb, 0xbf, 0x61, 0x0a, 0xef, 0xbb, 0xbf, 0x62)]), [
      "a",
      "\uFEFFb"
    ])
  })

  it("keeps at most maxChars characters of a line, and the lines after it intact", () => {
    const long = new Uint8Array(3_000_000).fill(0x78)
    const lines = splitterLines([long.subarray(0, 1_000_000), long.subarray(1_000_000), new TextEncoder().encode("\nok")], 4097)
    assert.deepStrictEqual(lines.map((l) => l.length), [4097, 2])
    assert.strictEqual(lines[1], "ok")
  })

  it.effect("splitLines numbers the lines from 1", () =>
    Effect.gen(function*() {
      const items = yield* Stream.make(new TextEncoder().encode("a\r\n\nb\rc")).pipe(Input.splitLines(10), Stream.runCollect)
      assert.deepStrictEqual(Chunk.toArray(items), [
        { line: 1, value: "a" },
        { line: 2, value: "" },
        { line: 3, value: "b" },
        { line: 4, value: "c" }
      ])
    }))
})

describe("Journal.ErasedLines", () => {
  it("a line number far beyond the input costs a page, not an array that long", () => {
    const erased = new Journal.ErasedLines()
    const fp = Journal.fingerprint("profile-id", "a")
    erased.add(1e15, fp)
    erased.add(1, fp)
    erased.add(1, fp)
    assert.strictEqual(erased.size, 2)
    assert.isTrue(erased.has(1e15, fp))
    assert.isTrue(erased.has(1, fp))
    assert.isFalse(erased.has(2, fp))
    assert.isTrue(erased.mismatch(1e15, Journal.fingerprint("profile-id", "b")))
    assert.isFalse(erased.mismatch(3, fp))
  })
})
